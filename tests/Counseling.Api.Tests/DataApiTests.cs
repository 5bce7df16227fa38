using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.History;
using Counseling.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace Counseling.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class DataApiTests(ApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateClient(ApiFactory.IngestReadKey);

    [Fact]
    public async Task An_upload_is_stored_without_running_and_reads_back_with_its_status()
    {
        var record = JobsApi.Record("data_upload_1");
        var response = await _http.Post("/api/v1/data/upload", record);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.EndsWith("/api/v1/data/data_upload_1", response.Headers.Location!.ToString());
        var receipt = await response.Json();
        Assert.Equal("data_upload_1", receipt["session_id"]!.GetValue<string>());
        Assert.Equal("uploaded", receipt["status"]!.GetValue<string>());
        Assert.Equal("stored", receipt["outcome"]!.GetValue<string>());

        await Task.Delay(300);
        var stored = (await _http.GetFromJsonAsync<JsonNode>("/api/v1/data/data_upload_1"))!;
        Assert.Equal("uploaded", stored["status"]!.GetValue<string>());
        Assert.Null(stored["prediction"]);
        Assert.Equal(record["consulting_content"]!.GetValue<string>(), stored["record"]!["consulting_content"]!.GetValue<string>());
        Assert.Equal("data_upload_1", stored["record"]!["session_id"]!.GetValue<string>());
        Assert.NotEmpty(stored["record"]!["instructions"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/callytics/results/never_uploaded")).StatusCode);
        Assert.Equal("uploaded", (await _http.GetFromJsonAsync<JsonNode>("/api/v1/callytics/status/data_upload_1"))!["status"]!.GetValue<string>());

        var again = await _http.Post("/api/v1/data/upload", record);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("unchanged", (await again.Json())["outcome"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}", "consulting_content")]
    [InlineData("{\"consulting_content\": 7}", "consulting_content")]
    [InlineData("{\"session_id\": \"bad id!\", \"consulting_content\": \"상담사: 네\"}", "session_id")]
    [InlineData("{\"consulting_content\": \"상담사: 네\", \"instructions\": 3}", "body")]
    [InlineData("[1]", "body")]
    [InlineData("{\"consulting_content\": ", "body")]
    [InlineData("{\"data\": {}, \"priority\": 0}", "data.consulting_content")]
    public async Task Upload_mistakes_are_a_400_naming_the_field(string body, string field)
    {
        var response = await _http.Post("/api/v1/data/upload", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await response.Json())["errors"]![field]);
    }

    [Fact]
    public async Task A_batch_upload_takes_records_arrays_and_merges_ai_hub_split_files_by_source_id()
    {
        var response = await _http.Post("/api/v1/data/batch-upload", new JsonObject { ["records"] = new JsonArray(JobsApi.Record("data_batch_1"), JobsApi.Record("data_batch_2")) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(2, body["stored"]!.GetValue<int>());
        Assert.Equal(["data_batch_1", "data_batch_2"], body["session_ids"]!.AsArray().Select(n => n!.GetValue<string>()));

        // Two AI-Hub files of one session: one instruction each, the same source_id and transcript.
        JsonObject Part(string category, string output)
        {
            var record = JobsApi.Record(null);
            record["source_id"] = 90001;
            record["source"] = "AI-Hub";
            record["instructions"] = new JsonArray(new JsonObject
            {
                ["tuning_type"] = "분류", ["data"] = new JsonArray(new JsonObject { ["task_category"] = category, ["output"] = output }),
            });
            return record;
        }
        var split = new JsonArray(new JsonArray(Part("상담 주제", "이체 한도")), new JsonArray(Part("상담 내용", "이체 한도 변경 문의")), JobsApi.Record("data_batch_3"));
        var merged = await _http.Post("/api/v1/data/batch-upload", split);
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var mergedBody = await merged.Json();
        Assert.Equal(3, mergedBody["records"]!.GetValue<int>());
        Assert.Equal(1, mergedBody["merged"]!.GetValue<int>());
        Assert.Equal(["90001", "data_batch_3"], mergedBody["session_ids"]!.AsArray().Select(n => n!.GetValue<string>()));

        var stored = (await _http.GetFromJsonAsync<JsonNode>("/api/v1/data/90001"))!;
        var instructions = stored["record"]!["instructions"]!.AsArray().Select(i => i!["task_category"]!.GetValue<string>()).ToArray();
        Assert.Equal(["상담 주제", "상담 내용"], instructions);
        Assert.Equal("AI-Hub", stored["record"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_batch_upload_record_is_named_by_its_index_and_nothing_is_stored()
    {
        var bad = JobsApi.Record("data_bad_2");
        bad["consulting_content"] = new string('가', 10_001);
        var response = await _http.Post("/api/v1/data/batch-upload",
            new JsonObject { ["records"] = new JsonArray(JobsApi.Record("data_bad_1"), new JsonObject(), bad) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json())["errors"]!.AsObject();
        Assert.NotNull(errors["records[1].consulting_content"]);
        Assert.Contains("10,000", errors["records[2].consulting_content"]![0]!.GetValue<string>());
        Assert.Equal(2, errors.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/data/data_bad_1")).StatusCode);

        var notRecords = await _http.Post("/api/v1/data/batch-upload", "{\"rows\": []}");
        Assert.Equal(HttpStatusCode.BadRequest, notRecords.StatusCode);
        Assert.NotNull((await notRecords.Json())["errors"]!["records"]);
    }

    [Fact]
    public async Task Delete_leaves_nothing_behind()
    {
        const string id = "data_delete_1";
        var cluster = factory.Services.GetRequiredService<IClusterClient>();
        var history = factory.Services.GetRequiredService<IPredictionHistory>();
        var grain = cluster.GetGrain<ISessionGrain>(id);
        // Submitted through the grain so the session has a webhook delivery to remove (the API would refuse this private host).
        var record = JobsApi.Record(null);
        await grain.Submit(new SessionSubmission(record["consulting_content"]!.GetValue<string>(), [], new Dictionary<string, string>(), 3, "https://10.1.2.3/hook"));
        Assert.Equal(SessionStage.Completed, (await grain.WaitForCompletion(TimeSpan.FromSeconds(20))).Stage);
        Assert.Contains(await history.Query(new HistoryQuery(Limit: 100_000)), r => r.SessionId == id);
        var delivery = cluster.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryKey.Of(id, 1));
        // The session reports itself completed a moment before it has handed its result to the delivery.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await delivery.GetView() is null && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        Assert.NotNull(await delivery.GetView());
        Assert.Equal(HttpStatusCode.Created, (await _http.Post("/api/v1/data/upload", JobsApi.Record("data_delete_2"))).StatusCode);

        var admin = factory.CreateClient(ApiFactory.AdminKey);
        foreach (var gone in new[] { id, "data_delete_2" })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/data/{gone}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v1/data/{gone}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v1/callytics/status/{gone}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v1/callytics/results/{gone}")).StatusCode);
            Assert.Null(await cluster.GetGrain<ISessionGrain>(gone).GetSubmission());
            Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/data/{gone}")).StatusCode);
        }
        Assert.DoesNotContain(await history.Query(new HistoryQuery(Limit: 100_000)), r => r.SessionId == id);
        Assert.Null(await delivery.GetView());
        Assert.DoesNotContain("data_delete_2", await cluster.GetGrain<IUploadRegistryGrain>(0).Pending());
    }

    [Fact]
    public async Task Roles_are_enforced()
    {
        var reader = factory.CreateClient(ApiFactory.ReadKey);
        foreach (var path in new[] { "/api/v1/data/upload", "/api/v1/data/batch-upload", "/api/v1/callytics/batch-process", "/api/v1/process/start", "/api/v1/process/cancel/task_x" })
        {
            var response = await reader.Post(path, JobsApi.Record("roles_1"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.DeleteAsync("/api/v1/data/roles_1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync("/api/v1/data/roles_1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(null).GetAsync("/api/v1/data/roles_1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(null).GetAsync("/api/v1/process/status/task_x")).StatusCode);
        // Nothing was stored by the refused calls.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/v1/data/roles_1")).StatusCode);
    }
}
