using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Counseling.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class CallyticsApiTests(ApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateClient(ApiFactory.IngestReadKey);

    private static JsonObject Request(string? sessionId, string mode = "realtime")
    {
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "session-40-turns.json")))!.AsObject();
        data.Remove("session_id");
        var request = new JsonObject { ["data"] = data, ["processing_mode"] = mode, ["priority"] = 3 };
        if (sessionId is not null) request["session_id"] = sessionId;
        return request;
    }

    private Task<HttpResponseMessage> Post(string json) =>
        _http.PostAsync("/api/v1/callytics/process-data", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Realtime_answers_with_the_prediction_in_the_shape_callytics_reads()
    {
        var response = await Post(Request("api_realtime_1").ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("api_realtime_1", body["session_id"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        var result = body["prediction_result"]!;
        Assert.Contains(result["prediction"]!.GetValue<string>(), new[] { "해결 불가", "만족", "미흡", "추가 상담 필요" });
        Assert.InRange(result["confidence"]!.GetValue<double>(), 0.25, 1.0);
        Assert.Equal("api_realtime_1", result["session_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(result["model_version"]!.GetValue<string>()));
        Assert.Equal(40, result["features"]!["speech_count"]!.GetValue<int>());
        Assert.InRange(result["features"]!["sentiment_score"]!.GetValue<double>(), 1.0, 5.0);
        Assert.NotNull(result["features"]!["category"]);
        Assert.True(body["processing_time"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Background_is_accepted_at_once_and_completes_behind_the_status_endpoint()
    {
        var response = await Post(Request("api_background_1", "background").ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("processing", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        JsonNode? status = null;
        for (var i = 0; i < 100; i++)
        {
            status = await _http.GetFromJsonAsync<JsonNode>("/api/v1/callytics/status/api_background_1");
            if (status!["status"]!.GetValue<string>() == "completed") break;
            await Task.Delay(100);
        }
        Assert.Equal("completed", status!["status"]!.GetValue<string>());
        Assert.NotNull(status["prediction"]);
        Assert.NotNull(status["created_at"]);

        var results = await _http.GetFromJsonAsync<JsonNode>("/api/v1/callytics/results/api_background_1?include_features=true");
        foreach (var step in new[] { "preprocessing", "feature_extraction", "dataset_creation", "prediction" })
            Assert.Equal("completed", results!["pipeline_steps"]![step]!["status"]!.GetValue<string>());
        foreach (var group in new[] { "basic_stats", "sentiment_analysis", "text_features", "dialogue_patterns", "categories" })
            Assert.NotNull(results!["extracted_features"]![group]);
        Assert.Equal(40, results!["pipeline_steps"]!["preprocessing"]!["features_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_missing_session_id_is_generated()
    {
        var response = await Post(Request(null).ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["session_id"]!.GetValue<string>();
        Assert.StartsWith("session_", id);
    }

    [Fact]
    public async Task Unknown_sessions_are_a_404_problem()
    {
        var response = await _http.GetAsync("/api/v1/callytics/status/never_sent");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("{\"data\": {\"consulting_content\": ", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("{\"processing_mode\": \"realtime\"}", "data")]
    [InlineData("{\"data\": {}}", "data.consulting_content")]
    [InlineData("{\"data\": {\"consulting_content\": 42}}", "data.consulting_content")]
    [InlineData("{\"data\": {\"consulting_content\": \"상담사: 네\"}, \"processing_mode\": \"fast\"}", "processing_mode")]
    [InlineData("{\"data\": {\"consulting_content\": \"상담사: 네\"}, \"priority\": 9}", "priority")]
    [InlineData("{\"data\": {\"consulting_content\": \"상담사: 네\"}, \"priority\": \"high\"}", "priority")]
    [InlineData("{\"session_id\": \"bad id!\", \"data\": {\"consulting_content\": \"상담사: 네\"}}", "session_id")]
    public async Task Client_mistakes_are_a_400_problem_naming_the_field(string body, string field)
    {
        var response = await Post(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("invalid UTF-8")]
    [InlineData("lone surrogate")]
    [InlineData("deep nesting")]
    [InlineData("empty")]
    public async Task Bodies_that_are_not_text_or_not_reasonable_json_are_a_400_naming_the_body(string kind)
    {
        byte[] body = kind switch
        {
            "invalid UTF-8" => [.. "{\"data\": {\"consulting_content\": \""u8, 0xFF, 0xFE, .. "\"}}"u8],
            "lone surrogate" => "{\"data\": {\"consulting_content\": \"상담사: \\ud800\"}}"u8.ToArray(),
            "deep nesting" => [.. Enumerable.Repeat((byte)'[', 10_000), .. Enumerable.Repeat((byte)']', 10_000)],
            _ => [],
        };
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await _http.PostAsync("/api/v1/callytics/process-data", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["body"]);
    }

    [Fact]
    public async Task Content_over_ten_thousand_characters_is_refused_with_its_length()
    {
        var request = new JsonObject { ["data"] = new JsonObject { ["consulting_content"] = "상담사: " + new string('가', 10_001) } };
        var response = await Post(request.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("10,000", problem["errors"]!["data.consulting_content"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dialogue_without_speakers_fails_in_realtime_as_a_422_with_the_reason()
    {
        var request = new JsonObject { ["session_id"] = "api_untagged", ["data"] = new JsonObject { ["consulting_content"] = "태그 없는 문장" } };
        var response = await Post(request.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("api_untagged", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_says_the_cluster_is_up_and_the_models_are_loaded()
    {
        var health = await _http.GetFromJsonAsync<JsonNode>("/health");
        Assert.Equal("healthy", health!["status"]!.GetValue<string>());
        Assert.True(health["models_loaded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_dashboard_is_served()
    {
        var response = await factory.CreateClient(ApiFactory.AdminKey).GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("html", response.Content.Headers.ContentType!.MediaType);
    }
}
