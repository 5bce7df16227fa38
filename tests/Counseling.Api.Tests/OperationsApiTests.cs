using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Api.Tests;

[Collection(ProcessedCollection.Name)]
public sealed class OperationsApiTests(ProcessedSessions processed)
{
    private readonly HttpClient _reader = processed.Factory.CreateClient(ApiFactory.ReadKey);
    private readonly HttpClient _admin = processed.Factory.CreateClient(ApiFactory.AdminKey);

    private static readonly string[] StageNames = ["preprocessing", "feature_extraction", "dataset_creation", "prediction"];

    private async Task<JsonNode> Logs(string level, int limit = 1000)
    {
        var response = await _admin.GetAsync($"/api/v1/logs/{level}?limit={limit}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task Stats_count_what_was_processed()
    {
        var stats = (await _reader.GetFromJsonAsync<JsonNode>("/api/v1/stats"))!;

        var byStatus = stats["sessions"]!["by_status"]!;
        Assert.Equal(ProcessedSessions.Count, byStatus["completed"]!.GetValue<long>());
        Assert.Equal(0, byStatus["failed"]!.GetValue<long>());
        Assert.Equal(0, byStatus["processing"]!.GetValue<long>());

        var byLabel = stats["predictions"]!["by_label"]!.AsObject();
        Assert.Equal(OutcomeLabel.All.Order(), byLabel.Select(l => l.Key).Order());
        foreach (var label in OutcomeLabel.All)
            Assert.Equal(processed.Labels.Values.Count(l => l == label), byLabel[label]!.GetValue<long>());
        Assert.Equal(ProcessedSessions.Count, stats["predictions"]!["total"]!.GetValue<long>());

        foreach (var stage in StageNames)
        {
            var latency = stats["stage_latencies"]![stage]!;
            Assert.Equal(ProcessedSessions.Count, latency["count"]!.GetValue<int>());
            var p50 = latency["p50_ms"]!.GetValue<double>();
            var p95 = latency["p95_ms"]!.GetValue<double>();
            Assert.True(p50 > 0 && p95 >= p50, $"{stage}: p50 {p50} ms, p95 {p95} ms");
        }

        var throughput = stats["throughput"]!;
        Assert.Equal(10, throughput["window_minutes"]!.GetValue<int>());
        Assert.Equal(ProcessedSessions.Count, throughput["completed"]!.GetValue<long>());
        Assert.Equal(ProcessedSessions.Count, throughput["per_minute"]!.AsArray().Sum(m => m!["completed"]!.GetValue<long>()));

        var silo = Assert.Single(stats["silos"]!.AsArray())!;
        Assert.Equal("active", silo["status"]!.GetValue<string>());
        Assert.True(silo["answered"]!.GetValue<bool>());
        Assert.Equal(0, silo["running_sessions"]!.GetValue<long>());
    }

    [Fact]
    public async Task Stats_reject_a_bad_window_naming_it()
    {
        await ProblemAssert.NamesField(await _reader.GetAsync("/api/v1/stats?minutes=0"), "minutes");
        await ProblemAssert.NamesField(await _reader.GetAsync("/api/v1/stats?minutes=ten"), "minutes");
    }

    [Fact]
    public async Task Logs_hold_entries_at_or_above_the_level_newest_first()
    {
        var information = await Logs("information");
        var entries = information["entries"]!.AsArray();
        Assert.Contains(entries, e => e!["level"]!.GetValue<string>() == "information");
        Assert.All(entries, e => Assert.Contains(e!["level"]!.GetValue<string>(), new[] { "information", "warning", "error", "critical" }));
        var times = entries.Select(e => e!["timestamp"]!.GetValue<DateTimeOffset>()).ToArray();
        Assert.Equal(times.OrderDescending(), times);
        var silo = Assert.Single(information["silos"]!.AsArray())!;
        Assert.True(silo["answered"]!.GetValue<bool>());
        Assert.All(entries, e => Assert.Equal(silo["silo"]!.GetValue<string>(), e!["silo"]!.GetValue<string>()));

        var warning = (await Logs("warning"))["entries"]!.AsArray();
        Assert.All(warning, e => Assert.Contains(e!["level"]!.GetValue<string>(), new[] { "warning", "error", "critical" }));
        Assert.True(warning.Count < entries.Count);
        Assert.Single((await Logs("information", limit: 1))["entries"]!.AsArray());
    }

    [Fact]
    public async Task Logs_keep_formatted_messages_of_our_categories_only_and_no_consultation_text()
    {
        var entries = (await Logs("trace"))["entries"]!.AsArray();
        Assert.Contains(entries, e => e!["category"]!.GetValue<string>().StartsWith("Counseling.", StringComparison.Ordinal));
        // Program logs "Cluster: {Mode}" at start: ours, so formatted.
        Assert.Contains(entries, e => e!["message"]!.GetValue<string>().StartsWith("Cluster: embedded", StringComparison.Ordinal));
        // ASP.NET's "Request starting {Protocol} {Method} {Scheme}://{Host}..." is someone else's: the template, unfilled.
        var foreign = entries.Where(e => !e!["category"]!.GetValue<string>().StartsWith("Counseling.", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(foreign);
        Assert.DoesNotContain(foreign, e => e!["message"]!.GetValue<string>().Contains("/api/v1/", StringComparison.Ordinal));
        foreach (var phrase in processed.Phrases)
            Assert.DoesNotContain(entries, e => e!["message"]!.GetValue<string>().Contains(phrase, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("verbose")]
    [InlineData("none")]
    [InlineData("7")]
    public async Task A_bad_level_is_400_naming_level(string level) =>
        await ProblemAssert.NamesField(await _admin.GetAsync($"/api/v1/logs/{level}"), "level");

    [Fact]
    public async Task A_bad_limit_is_400_naming_limit()
    {
        await ProblemAssert.NamesField(await _admin.GetAsync("/api/v1/logs/error?limit=0"), "limit");
        await ProblemAssert.NamesField(await _admin.GetAsync("/api/v1/logs/error?limit=1001"), "limit");
    }

    [Fact]
    public async Task Logs_need_the_admin_role()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _reader.GetAsync("/api/v1/logs/error")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await processed.Factory.CreateClient(ApiFactory.IngestReadKey).GetAsync("/api/v1/logs/error")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await processed.Factory.CreateClient(key: null).GetAsync("/api/v1/logs/error")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/v1/logs/error")).StatusCode);
    }

    [Fact]
    public async Task Health_is_ready_with_every_check_passing_and_alive()
    {
        var anonymous = processed.Factory.CreateClient(key: null);
        foreach (var path in new[] { "/health", "/health/ready" })
        {
            var response = await anonymous.GetAsync(path);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
            Assert.Equal("healthy", body["status"]!.GetValue<string>());
            Assert.Empty(body["failing"]!.AsArray());
            foreach (var check in new[] { "cluster", "database", "sentiment_model", "outcome_model" })
                Assert.Equal("pass", body["checks"]![check]!["status"]!.GetValue<string>());
            Assert.True(body["models_loaded"]!.GetValue<bool>());
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_document_lists_these_endpoints_with_korean_summaries()
    {
        var document = (await processed.Factory.CreateClient(key: null).GetFromJsonAsync<JsonNode>("/openapi/v1.json"))!;
        foreach (var (path, method) in new[]
                 {
                     ("/api/v1/predictions/{sessionId}", "get"), ("/api/v1/predictions/batch", "post"), ("/api/v1/predictions/history", "get"),
                     ("/api/v1/stats", "get"), ("/api/v1/logs/{level}", "get"), ("/health/ready", "get"), ("/health/live", "get"),
                 })
        {
            var summary = document["paths"]?[path]?[method]?["summary"]?.GetValue<string>();
            Assert.True(summary is not null && summary.Any(c => c is >= '\uAC00' and <= '\uD7A3'), $"{method} {path}: {summary}");
        }
        Assert.NotNull(document["paths"]!["/api/v1/predictions/batch"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]);
    }
}
