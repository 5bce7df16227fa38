using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Counseling.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class CallbackUrlTests(ApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateClient(ApiFactory.IngestReadKey);

    private async Task<JsonNode> Refused(string callbackUrl, string sessionId)
    {
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "session-40-turns.json")))!.AsObject();
        data.Remove("session_id");
        var request = new JsonObject { ["session_id"] = sessionId, ["data"] = data, ["processing_mode"] = "background", ["callback_url"] = callbackUrl };
        var response = await _http.PostAsync("/api/v1/callytics/process-data", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        // Refused before anything is submitted.
        var status = await _http.GetAsync($"/api/v1/callytics/status/{sessionId}");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        return problem["errors"]!["callback_url"]![0]!;
    }

    [Fact]
    public async Task Plain_http_is_refused() =>
        Assert.Contains("https", (await Refused("http://hooks.example.com/result", "cb_http")).GetValue<string>());

    [Fact]
    public async Task A_host_off_the_allow_list_is_refused() =>
        Assert.Contains("allow-list", (await Refused("https://evil.example.org/result", "cb_unlisted")).GetValue<string>());

    [Fact]
    public async Task Loopback_is_refused_even_when_listed() =>
        Assert.Contains("loopback", (await Refused("https://localhost/result", "cb_loopback")).GetValue<string>());

    [Fact]
    public async Task Ipv6_loopback_is_refused_even_when_listed() =>
        Assert.Contains("loopback", (await Refused("https://[::1]/result", "cb_loopback6")).GetValue<string>());

    [Fact]
    public async Task A_private_address_is_refused_even_when_listed() =>
        Assert.Contains("private", (await Refused("https://10.1.2.3/result", "cb_private")).GetValue<string>());

    [Fact]
    public async Task A_relative_or_odd_scheme_url_is_refused()
    {
        await Refused("/relative/path", "cb_relative");
        await Refused("ftp://hooks.example.com/x", "cb_ftp");
    }
}
