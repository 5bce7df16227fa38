using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Counseling.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ProcessApiTests(ApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateClient(ApiFactory.IngestReadKey);

    private async Task Upload(params string[] ids)
    {
        var response = await _http.Post("/api/v1/data/batch-upload", new JsonArray(ids.Select(id => (JsonNode)JobsApi.Record(id)).ToArray()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string[] Ids(JsonNode body, string field = "session_ids") => body[field]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    private static string Status(JsonNode session) => session["status"]!.GetValue<string>();

    [Fact]
    public async Task A_task_runs_the_named_uploaded_sessions_and_reports_progress()
    {
        await Upload("process_named_1", "process_named_2");
        var response = await _http.Post("/api/v1/process/start", """{"session_ids": ["process_named_1", "process_named_2"], "max_concurrent": 2}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Json();
        var taskId = started["task_id"]!.GetValue<string>();
        Assert.StartsWith("task_", taskId);
        Assert.EndsWith($"/api/v1/process/status/{taskId}", response.Headers.Location!.ToString());
        Assert.Equal("running", started["status"]!.GetValue<string>());
        Assert.Equal(2, started["total"]!.GetValue<int>());
        Assert.Equal(["process_named_1", "process_named_2"], Ids(started));

        var status = await _http.Until($"/api/v1/process/status/{taskId}", b => b["state"]!.GetValue<string>() != "running");
        Assert.Equal("completed", status["state"]!.GetValue<string>());
        Assert.Equal(taskId, status["task_id"]!.GetValue<string>());
        Assert.Equal(2, status["counts"]!["completed"]!.GetValue<int>());
        Assert.Equal(100.0, status["percent"]!.GetValue<double>());
        Assert.NotNull(status["finished_at"]);
        var stored = (await _http.GetFromJsonAsync<JsonNode>("/api/v1/data/process_named_1"))!;
        Assert.Equal("completed", stored["status"]!.GetValue<string>());
        Assert.Equal(status["sessions"]![0]!["prediction"]!.GetValue<string>(), stored["prediction"]!.GetValue<string>());

        // Started again, a processed session is reported as it is, not run again.
        var rerun = await (await _http.Post("/api/v1/process/start", """{"session_ids": ["process_named_1"]}""")).Json();
        var second = await _http.Until($"/api/v1/process/status/{rerun["task_id"]}", b => b["state"]!.GetValue<string>() != "running");
        Assert.Equal("completed", Status(second["sessions"]![0]!));
        Assert.Equal(1, (await _http.GetFromJsonAsync<JsonNode>("/api/v1/data/process_named_1"))!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_ids_a_task_takes_every_uploaded_session_and_an_empty_body_means_the_same()
    {
        await Upload("process_all_1", "process_all_2");
        var response = await _http.PostAsync("/api/v1/process/start", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Json();
        Assert.Contains("process_all_1", Ids(started));
        Assert.Contains("process_all_2", Ids(started));
        var status = await _http.Until($"/api/v1/process/status/{started["task_id"]}", b => b["state"]!.GetValue<string>() != "running");
        Assert.Equal("completed", status["state"]!.GetValue<string>());
        Assert.Equal("completed", (await _http.GetFromJsonAsync<JsonNode>("/api/v1/data/process_all_2"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_stops_the_rest_and_puts_the_unstarted_back_as_uploaded()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"process_cancel_{i}").ToArray();
        await Upload(ids);
        var started = await (await _http.Post("/api/v1/process/start",
            new JsonObject { ["session_ids"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray()), ["max_concurrent"] = 1 })).Json();
        var taskId = started["task_id"]!.GetValue<string>();

        var cancel = await _http.PostAsync($"/api/v1/process/cancel/{taskId}", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Json())["state"]!.GetValue<string>());

        var status = await _http.Until($"/api/v1/process/status/{taskId}", b => b["sessions"]!.AsArray().All(s => Status(s!) != "processing"));
        Assert.Equal("cancelled", status["state"]!.GetValue<string>());
        // A session the batch still shows as processing is a rare CI failure not yet explained: name what the
        // session itself says (its stored status and pipeline steps), so the next failure says where it stopped.
        var stuck = status["sessions"]!.AsArray().Where(s => Status(s!) == "processing").Select(s => s!["session_id"]!.GetValue<string>()).ToArray();
        var own = await Task.WhenAll(stuck.Select(async id =>
            $"{id}: {await _http.GetStringAsync($"/api/v1/data/{id}")} {await (await _http.GetAsync($"/api/v1/callytics/results/{id}")).Content.ReadAsStringAsync()}"));
        var seen = status.ToJsonString() + (own.Length > 0 ? " sessions still processing: " + string.Join("; ", own) : "");
        var pending = status["sessions"]!.AsArray().Where(s => Status(s!) == "pending").Select(s => s!["session_id"]!.GetValue<string>()).ToArray();
        Assert.True(pending.Length >= 10, $"only {pending.Length} of 20 were left unstarted: {seen}");
        Assert.Equal(pending.Length, status["counts"]!["pending"]!.GetValue<int>());
        Assert.True(status["percent"]!.GetValue<double>() < 100, seen);
        Assert.True(status["sessions"]!.AsArray().All(s => Status(s!) is "pending" or "completed" or "cancelled"), seen);

        // Still unstarted a while later: nothing submits them behind the cancel.
        await Task.Delay(500);
        foreach (var id in pending)
            Assert.Equal("uploaded", (await _http.GetFromJsonAsync<JsonNode>($"/api/v1/data/{id}"))!["status"]!.GetValue<string>());
        var after = (await _http.GetFromJsonAsync<JsonNode>($"/api/v1/process/status/{taskId}"))!;
        Assert.True(pending.Length == after["counts"]!["pending"]!.GetValue<int>(), $"before {seen}, after {after.ToJsonString()}");

        // Cancelling again changes nothing.
        Assert.Equal("cancelled", (await (await _http.PostAsync($"/api/v1/process/cancel/{taskId}", null)).Json())["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"max_concurrent\": 0}", "max_concurrent")]
    [InlineData("{\"max_concurrent\": 21}", "max_concurrent")]
    [InlineData("{\"max_concurrent\": \"all\"}", "max_concurrent")]
    [InlineData("{\"session_ids\": []}", "session_ids")]
    [InlineData("{\"session_ids\": \"process_named_1\"}", "session_ids")]
    [InlineData("{\"session_ids\": [\"ok_1\", \"bad id!\"]}", "session_ids[1]")]
    [InlineData("{\"session_ids\": [\"ok_1\", 5]}", "session_ids[1]")]
    [InlineData("[]", "body")]
    [InlineData("{", "body")]
    public async Task Start_mistakes_are_a_400_naming_the_field(string body, string field)
    {
        var response = await _http.Post("/api/v1/process/start", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await response.Json())["errors"]![field]);
    }

    [Fact]
    public async Task An_unknown_task_is_a_404_problem_for_status_and_cancel()
    {
        foreach (var response in new[] { await _http.GetAsync("/api/v1/process/status/task_never"), await _http.PostAsync("/api/v1/process/cancel/task_never", null) })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("task_never", (await response.Json())["task_id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_openapi_document_lists_the_new_endpoints_with_korean_examples()
    {
        var document = await factory.CreateClient(null).GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/callytics/batch-process/{batchId}", "/api/v1/data/batch-upload", "/api/v1/data/{sessionId}", "/api/v1/process/start",
                     "/api/v1/process/status/{taskId}", "/api/v1/process/cancel/{taskId}" })
            Assert.Contains($"\"{path}\"", document);
        Assert.Contains("배치 진행 상황", document);
        Assert.Contains("처리 작업 취소", document);
    }
}
