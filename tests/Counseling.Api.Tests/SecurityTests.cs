using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Counseling.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class SecurityTests(ApiFactory factory)
{
    private const string Status = "/api/v1/callytics/status/never_sent";

    private static string Token(string role, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "jwt-caller"), new Claim("role", role)]),
        Issuer = ApiFactory.Issuer,
        Audience = ApiFactory.Audience,
        IssuedAt = expires.AddMinutes(-30),
        NotBefore = expires.AddMinutes(-30),
        Expires = expires,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
    });

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((int)status, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task No_key_is_a_401_problem() =>
        await AssertProblem(await factory.CreateClient(null).GetAsync(Status), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_wrong_key_is_a_401_problem() =>
        await AssertProblem(await factory.CreateClient("not-a-configured-key").GetAsync(Status), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_key_without_the_ingest_role_cannot_submit()
    {
        var response = await factory.CreateClient(ApiFactory.ReadKey).PostAsync("/api/v1/callytics/process-data",
            new StringContent("{\"data\": {\"consulting_content\": \"상담사: 네\"}}", Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_read_key_queries_and_admin_can_do_everything()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient(ApiFactory.ReadKey).GetAsync(Status)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient(ApiFactory.AdminKey).GetAsync(Status)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient(ApiFactory.ReadKey).GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task A_valid_jwt_is_accepted_and_an_expired_one_is_a_401()
    {
        var valid = await factory.CreateBearerClient(Token("read", DateTime.UtcNow.AddMinutes(10))).GetAsync("/api/v1/info");
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        var info = JsonNode.Parse(await valid.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty(info["model_versions"]!["outcome"]!.GetValue<string>()));
        Assert.Contains("embedded", info["cluster_mode"]!.GetValue<string>());

        var expired = await factory.CreateBearerClient(Token("read", DateTime.UtcNow.AddMinutes(-10))).GetAsync("/api/v1/info");
        await AssertProblem(expired, HttpStatusCode.Unauthorized);
        var wrongRole = await factory.CreateBearerClient(Token("ingest", DateTime.UtcNow.AddMinutes(10))).GetAsync("/api/v1/info");
        await AssertProblem(wrongRole, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Past_its_per_second_limit_a_key_gets_429_with_retry_after()
    {
        var client = factory.CreateClient(ApiFactory.LimitedKey);
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) responses.Add(await client.GetAsync(Status));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.NotFound);
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await AssertProblem(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds >= 1);
        // Other keys have their own buckets.
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient(ApiFactory.ReadKey).GetAsync(Status)).StatusCode);
    }

    [Fact]
    public async Task Realtime_requests_beyond_the_concurrency_cap_get_503_with_retry_after()
    {
        var content = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "session-40-turns.json"));
        var data = JsonNode.Parse(content)!["consulting_content"]!.GetValue<string>();
        var client = factory.CreateClient(ApiFactory.IngestReadKey);
        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => client.PostAsync("/api/v1/callytics/process-data",
            new StringContent(new JsonObject { ["session_id"] = $"saturation_{i}", ["data"] = new JsonObject { ["consulting_content"] = data } }.ToJsonString(),
                Encoding.UTF8, "application/json")))));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        await AssertProblem(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_request_metrics()
    {
        var client = factory.CreateClient(ApiFactory.ReadKey);
        await client.GetAsync(Status);
        string text = "";
        for (var i = 0; i < 20 && !text.Contains("http_server_request_duration_seconds"); i++)
        {
            await Task.Delay(200); // the exporter caches a scrape briefly
            text = await client.GetStringAsync("/metrics");
        }
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(null).GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Docs_and_the_openapi_document_need_no_key()
    {
        var anonymous = factory.CreateClient(null);
        var document = await anonymous.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/callytics/process-data", "/api/v1/callytics/status/{sessionId}", "/api/v1/info", "/health" })
            Assert.Contains(path, document);
        Assert.Contains("상담", document);
        var docs = await anonymous.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("html", docs.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }
}
