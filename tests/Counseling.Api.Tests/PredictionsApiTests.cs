using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Api.Tests;

[Collection(ProcessedCollection.Name)]
public sealed class PredictionsApiTests(ProcessedSessions processed)
{
    private readonly HttpClient _http = processed.Factory.CreateClient(ApiFactory.ReadKey);

    private Task<HttpResponseMessage> PostBatch(string json) =>
        _http.PostAsync("/api/v1/predictions/batch", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonNode> History(string query)
    {
        var response = await _http.GetAsync($"/api/v1/predictions/history{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static string[] Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["session_id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task One_prediction_has_the_label_distribution_model_and_features_summary()
    {
        var id = processed.SessionIds[0];
        var body = (await _http.GetFromJsonAsync<JsonNode>($"/api/v1/predictions/{id}"))!;
        Assert.Equal(id, body["session_id"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal(processed.Labels[id], body["prediction"]!.GetValue<string>());
        var probabilities = body["probabilities"]!.AsObject();
        Assert.Equal(OutcomeLabel.All.Order(), probabilities.Select(p => p.Key).Order());
        Assert.Equal(1.0, probabilities.Sum(p => p.Value!.GetValue<double>()), 3);
        Assert.Equal(probabilities[processed.Labels[id]]!.GetValue<double>(), body["confidence"]!.GetValue<double>(), 6);
        Assert.False(string.IsNullOrEmpty(body["model_version"]!.GetValue<string>()));
        var features = body["features"]!;
        Assert.InRange(features["sentiment_score"]!.GetValue<double>(), 1.0, 5.0);
        Assert.True(features["speech_count"]!.GetValue<int>() > 0);
        Assert.NotNull(features["category"]);
        Assert.NotNull(body["completed_at"]);
    }

    [Fact]
    public async Task An_unknown_session_is_404_and_a_malformed_id_is_400_naming_it()
    {
        var missing = await _http.GetAsync("/api/v1/predictions/never_submitted");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        await ProblemAssert.NamesField(await _http.GetAsync("/api/v1/predictions/bad%20id!"), "session_id");
    }

    [Fact]
    public async Task A_batch_answers_one_entry_per_id_and_marks_the_missing_ones()
    {
        var ids = new JsonArray(processed.SessionIds[1], "no_such_session", processed.SessionIds[2], processed.SessionIds[1]);
        var response = await PostBatch(new JsonObject { ["session_ids"] = ids }.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(3, body["requested"]!.GetValue<int>());
        Assert.Equal(2, body["found"]!.GetValue<int>());
        Assert.Equal(1, body["not_found"]!.GetValue<int>());
        var results = body["results"]!.AsArray();
        Assert.Equal([processed.SessionIds[1], "no_such_session", processed.SessionIds[2]], results.Select(r => r!["session_id"]!.GetValue<string>()));
        Assert.Equal("not_found", results[1]!["status"]!.GetValue<string>());
        Assert.Null(results[1]!["prediction"]);
        Assert.Equal(processed.Labels[processed.SessionIds[2]], results[2]!["prediction"]!.GetValue<string>());
        Assert.NotNull(results[2]!["features"]!["speech_count"]);
    }

    [Fact]
    public async Task A_bad_batch_is_400_naming_the_field()
    {
        await ProblemAssert.NamesField(await PostBatch("{\"session_ids\": "), "body");
        await ProblemAssert.NamesField(await PostBatch("{}"), "session_ids");
        await ProblemAssert.NamesField(await PostBatch("{\"session_ids\": \"ops_session_0\"}"), "session_ids");
        await ProblemAssert.NamesField(await PostBatch("{\"session_ids\": []}"), "session_ids");
        var tooMany = new JsonArray(Enumerable.Range(0, 101).Select(i => (JsonNode?)JsonValue.Create($"s{i}")).ToArray());
        await ProblemAssert.NamesField(await PostBatch(new JsonObject { ["session_ids"] = tooMany }.ToJsonString()), "session_ids");
        await ProblemAssert.NamesField(await PostBatch("{\"session_ids\": [\"ops_session_0\", 7]}"), "session_ids[1]");
        await ProblemAssert.NamesField(await PostBatch("{\"session_ids\": [\"has space\"]}"), "session_ids[0]");
    }

    [Fact]
    public async Task History_lists_every_processed_prediction_newest_first_with_a_total()
    {
        var page = await History("?page_size=100");
        Assert.Equal(ProcessedSessions.Count, page["total"]!.GetValue<int>());
        Assert.False(page["has_more"]!.GetValue<bool>());
        Assert.Equal(processed.SessionIds.AsEnumerable().Reverse(), Ids(page));
        var first = page["items"]![0]!;
        Assert.Equal(processed.Labels[processed.SessionIds[^1]], first["prediction"]!.GetValue<string>());
        Assert.Equal(1, first["version"]!.GetValue<int>());
        Assert.Equal(4, first["probabilities"]!.AsObject().Count);
    }

    [Fact]
    public async Task History_filters_by_label()
    {
        var total = 0;
        foreach (var label in OutcomeLabel.All)
        {
            var page = await History($"?page_size=100&label={Uri.EscapeDataString(label)}");
            var items = page["items"]!.AsArray();
            Assert.All(items, i => Assert.Equal(label, i!["prediction"]!.GetValue<string>()));
            var expected = processed.Labels.Where(l => l.Value == label).Select(l => l.Key).Order().ToArray();
            Assert.Equal(expected, Ids(page).Order());
            Assert.Equal(expected.Length, page["total"]!.GetValue<int>());
            total += items.Count;
        }
        Assert.Equal(ProcessedSessions.Count, total);
    }

    [Fact]
    public async Task History_filters_by_time_range()
    {
        var between = Uri.EscapeDataString(processed.Between.ToString("O"));
        var before = Uri.EscapeDataString(processed.Before.ToString("O"));
        var later = await History($"?from={between}&page_size=100");
        Assert.Equal(processed.SessionIds.Skip(ProcessedSessions.EarlyCount).Reverse(), Ids(later));
        var early = await History($"?from={before}&to={between}&page_size=100");
        Assert.Equal(processed.SessionIds.Take(ProcessedSessions.EarlyCount).Reverse(), Ids(early));
        Assert.Equal(ProcessedSessions.EarlyCount, early["total"]!.GetValue<int>());
        var future = await History($"?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        Assert.Empty(future["items"]!.AsArray());
        Assert.Equal(0, future["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task History_pages_cover_every_row_once_in_order()
    {
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var body = await History($"?page={page}&page_size=2");
            Assert.Equal(page, body["page"]!.GetValue<int>());
            Assert.Equal(2, body["page_size"]!.GetValue<int>());
            Assert.Equal(ProcessedSessions.Count, body["total"]!.GetValue<int>());
            Assert.Equal(page < 3, body["has_more"]!.GetValue<bool>());
            seen.AddRange(Ids(body));
        }
        Assert.Equal(processed.SessionIds.AsEnumerable().Reverse(), seen);
        Assert.Empty((await History("?page=4&page_size=2"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2025-13-45T99:00:00Z", "to")]
    [InlineData("?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z", "to")]
    [InlineData("?label=%EA%B8%B0%ED%83%80", "label")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?page_size=101", "page_size")]
    [InlineData("?page_size=-1", "page_size")]
    public async Task A_bad_history_parameter_is_400_naming_it(string query, string parameter) =>
        await ProblemAssert.NamesField(await _http.GetAsync($"/api/v1/predictions/history{query}"), parameter);

    [Fact]
    public async Task Predictions_need_a_reading_key()
    {
        var anonymous = processed.Factory.CreateClient(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/predictions/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/predictions/{processed.SessionIds[0]}")).StatusCode);
    }
}
