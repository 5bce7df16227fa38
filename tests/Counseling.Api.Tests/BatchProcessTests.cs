using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Counseling.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class BatchProcessTests(ApiFactory factory)
{
    private const string Path = "/api/v1/callytics/batch-process";
    private readonly HttpClient _http = factory.CreateClient(ApiFactory.IngestReadKey);

    private static JsonObject Item(string? sessionId) => new()
    {
        ["session_id"] = sessionId, ["data"] = JobsApi.Record(null), ["processing_mode"] = "background", ["priority"] = 3,
    };

    [Fact]
    public async Task A_batch_runs_every_request_shows_progress_and_a_repost_does_not_duplicate_work()
    {
        var body = new JsonObject
        {
            ["batch_id"] = "batch_api_1", ["max_concurrent"] = 2,
            ["requests"] = new JsonArray(Item("batch_api_1_a"), Item("batch_api_1_b"), Item(null)),
        };
        var response = await _http.Post(Path, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.EndsWith("/api/v1/callytics/batch-process/batch_api_1", response.Headers.Location!.ToString());
        var accepted = await response.Json();
        Assert.Equal("batch_api_1", accepted["batch_id"]!.GetValue<string>());
        Assert.Equal("processing", accepted["status"]!.GetValue<string>());
        Assert.Equal(3, accepted["total"]!.GetValue<int>());
        var ids = accepted["session_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(["batch_api_1_a", "batch_api_1_b"], ids[..2]);
        Assert.StartsWith("session_", ids[2]);

        var progress = await _http.Until($"{Path}/batch_api_1", b => b["status"]!.GetValue<string>() != "processing");
        Assert.Equal("completed", progress["status"]!.GetValue<string>());
        Assert.Equal(3, progress["counts"]!["completed"]!.GetValue<int>());
        Assert.Equal(0, progress["counts"]!["failed"]!.GetValue<int>());
        Assert.Equal(100.0, progress["percent"]!.GetValue<double>());
        Assert.InRange(progress["peak_in_flight"]!.GetValue<int>(), 1, 2);
        Assert.All(progress["sessions"]!.AsArray(), s =>
        {
            Assert.Equal("completed", s!["status"]!.GetValue<string>());
            Assert.Contains(s["prediction"]!.GetValue<string>(), new[] { "해결 불가", "만족", "미흡", "추가 상담 필요" });
        });

        var again = await _http.Post(Path, body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(ids, (await again.Json())["session_ids"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var id in ids)
        {
            var stored = await _http.GetFromJsonAsync<JsonNode>($"/api/v1/data/{id}");
            Assert.Equal(1, stored!["version"]!.GetValue<int>());
            Assert.Equal("completed", stored["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_malformed_item_is_named_by_its_index_and_nothing_is_started()
    {
        var missing = Item("batch_bad_1");
        missing["data"]!.AsObject().Remove("consulting_content");
        var priority = Item("batch_bad_2");
        priority["priority"] = 9;
        var body = new JsonObject
        {
            ["batch_id"] = "batch_api_bad",
            ["requests"] = new JsonArray(Item("batch_bad_0"), missing, priority, "not an object", Item("batch_bad_0")),
        };
        var response = await _http.Post(Path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Json())["errors"]!.AsObject();
        Assert.NotNull(errors["requests[1].data.consulting_content"]);
        Assert.NotNull(errors["requests[2].priority"]);
        Assert.NotNull(errors["requests[3]"]);
        Assert.Contains("requests[0]", errors["requests[4].session_id"]![0]!.GetValue<string>());
        Assert.False(errors.ContainsKey("requests[0].data.consulting_content"));

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"{Path}/batch_api_bad")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/data/batch_bad_0")).StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("\"five\"")]
    [InlineData("2.5")]
    public async Task Max_concurrent_out_of_range_is_a_400_naming_it(string value)
    {
        var body = $$"""{"max_concurrent": {{value}}, "requests": [{{Item("batch_mc").ToJsonString()}}]}""";
        var response = await _http.Post(Path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]!["max_concurrent"]);
    }

    [Theory]
    [InlineData("{\"requests\": []}", "requests")]
    [InlineData("{\"requests\": {}}", "requests")]
    [InlineData("[1]", "body")]
    [InlineData("{\"requests\": [", "body")]
    [InlineData("{\"batch_id\": \"bad id!\", \"requests\": [{\"data\": {\"consulting_content\": \"상담사: 네\"}}]}", "batch_id")]
    public async Task Other_body_mistakes_are_400s_naming_the_field(string body, string field)
    {
        var response = await _http.Post(Path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]![field]);
    }

    [Fact]
    public async Task An_unknown_batch_is_a_404_problem()
    {
        var response = await _http.GetAsync($"{Path}/batch_never_posted");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("batch_never_posted", (await response.Json())["batch_id"]!.GetValue<string>());
    }
}
