using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Counseling.Database.Tests;

/// <summary>
/// The main flow as production runs it: the Api as a plain Orleans client of a product silo that keeps
/// everything in PostgreSQL. Submit in realtime and in background, read status and results, find both in
/// the prediction history table, delete one and find nothing of it left.
/// </summary>
[Collection(SessionDurabilityCollection.Name)]
public sealed class ApiOnPostgresTests
{
    private const string Key = "postgres-flow-key";

    [Fact]
    public async Task Realtime_and_background_sessions_go_through_the_api_into_postgres_and_delete_removes_them()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"api-{Guid.NewGuid():N}";
        await using var silo = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        await using var api = new ClientApi(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ConnectionString, clusterId);
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Add("X-API-Key", Key);

        var info = await http.GetFromJsonAsync<JsonNode>("/api/v1/info");
        Assert.Contains("client", info!.ToJsonString());

        var realtime = await http.PostAsJsonAsync("/api/v1/callytics/process-data", Body("pg_flow_rt", "realtime", seed: 6001));
        Assert.Equal(HttpStatusCode.OK, realtime.StatusCode);
        var answer = (await realtime.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal("completed", answer["status"]!.GetValue<string>());
        Assert.Contains(answer["prediction_result"]!["prediction"]!.GetValue<string>(), new[] { "해결 불가", "만족", "미흡", "추가 상담 필요" });

        var background = await http.PostAsJsonAsync("/api/v1/callytics/process-data", Body("pg_flow_bg", "background", seed: 6002));
        Assert.Equal(HttpStatusCode.Accepted, background.StatusCode);
        var status = "processing";
        for (var i = 0; i < 120 && status == "processing"; i++)
        {
            await Task.Delay(250);
            status = (await http.GetFromJsonAsync<JsonNode>("/api/v1/callytics/status/pg_flow_bg"))!["status"]!.GetValue<string>();
        }
        Assert.Equal("completed", status);
        var results = (await http.GetFromJsonAsync<JsonNode>("/api/v1/callytics/results/pg_flow_bg?include_features=true"))!;
        Assert.Equal("completed", results["pipeline_steps"]!["prediction"]!["status"]!.GetValue<string>());

        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM prediction_history WHERE session_id IN ('pg_flow_rt', 'pg_flow_bg')"));

        var deleted = await http.DeleteAsync("/api/v1/data/pg_flow_bg");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/callytics/status/pg_flow_bg")).StatusCode);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM prediction_history WHERE session_id = 'pg_flow_bg'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM prediction_history WHERE session_id = 'pg_flow_rt'"));
    }

    private static JsonObject Body(string sessionId, string mode, int seed)
    {
        var submission = Dialogues.Submission(seed);
        return new JsonObject
        {
            ["session_id"] = sessionId,
            ["data"] = new JsonObject { ["consulting_content"] = submission.ConsultingContent },
            ["processing_mode"] = mode,
        };
    }

    /// <summary>The Api with a database configured: an Orleans client finding the silo through the membership table.</summary>
    // Any public type of the Api assembly names its entry point; Program is ambiguous here (the Silo has one too).
    private sealed class ClientApi(string connectionString, string clusterId) : WebApplicationFactory<Counseling.Api.Limits.ClusterUnavailableHandler>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("Orleans:ClusterId", clusterId);
            builder.UseSetting("Orleans:ServiceId", CounselingSilo.ServiceId);
            builder.UseSetting("ENCRYPTION_KEY", TestKeys.Encryption);
            builder.UseSetting("Auth:ApiKeys:0:Name", "flow");
            builder.UseSetting("Auth:ApiKeys:0:Key", Key);
            builder.UseSetting("Auth:ApiKeys:0:Roles:0", "ingest");
            builder.UseSetting("Auth:ApiKeys:0:Roles:1", "read");
            builder.UseSetting("Auth:ApiKeys:0:Roles:2", "admin");
        }
    }
}
