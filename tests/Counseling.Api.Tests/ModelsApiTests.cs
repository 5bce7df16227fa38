using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Synthesis;
using Counseling.Grains.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Counseling.Api.Tests;

/// <summary>
/// The Api of <see cref="ApiFactory"/> with a training data folder; its own silo, because retraining
/// changes the model the whole cluster serves and stores the sessions it is sent as training examples.
/// </summary>
public sealed class RetrainApiFactory : ApiFactory
{
    public string DataRoot { get; } = Directory.CreateTempSubdirectory("retrain-data-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Retrain:DataRoot", DataRoot);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<RetrainApiFactory>
{
    public const string Name = "api-models";
}

[Collection(ModelsCollection.Name)]
public sealed class ModelsApiTests(RetrainApiFactory factory, Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly HttpClient _admin = factory.CreateClient(ApiFactory.AdminKey);
    private readonly HttpClient _reader = factory.CreateClient(ApiFactory.ReadKey);
    private readonly HttpClient _ingest = factory.CreateClient(ApiFactory.IngestReadKey);

    private static readonly string[] Labels = ["해결 불가", "만족", "미흡", "추가 상담 필요"];

    [Fact]
    public async Task Info_names_the_active_version_its_features_labels_and_every_registered_version()
    {
        var info = await _reader.GetFromJsonAsync<JsonNode>("/api/v1/models/info");
        var active = info!["active_version"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(active));
        Assert.NotNull(info["created_at"]);
        Assert.NotNull(info["activated_at"]);
        var features = info["feature_names"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
        Assert.Equal(40, features.Length);
        Assert.Equal("speech_count", features[0]);
        Assert.Contains("rec_place", features);
        Assert.Equal(Labels, info["class_labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.True(info["hyper_parameters"]!["iterations"]!.GetValue<int>() > 0);
        Assert.Equal("balanced", info["hyper_parameters"]!["class_weight"]!.GetValue<string>());
        Assert.True(info["training_size"]!.GetValue<int>() >= 20);
        var versions = info["versions"]!.AsArray();
        Assert.Single(versions, v => v!["active"]!.GetValue<bool>() && v["version"]!.GetValue<string>() == active);
        Assert.All(versions, v => Assert.True(v!["metrics"]!["validation_macro_f1"]!.GetValue<double>() >= 0));
    }

    [Fact]
    public async Task Metrics_are_the_validation_figures_and_the_confusion_matrix_adds_up()
    {
        var metrics = await _reader.GetFromJsonAsync<JsonNode>("/api/v1/models/metrics");
        AssertConsistent(metrics!);

        var version = metrics!["model_version"]!.GetValue<string>();
        var same = await _reader.GetFromJsonAsync<JsonNode>($"/api/v1/models/metrics?version={version}");
        Assert.Equal(metrics["macro_f1"]!.GetValue<double>(), same!["macro_f1"]!.GetValue<double>());

        var unknown = await _reader.GetAsync("/api/v1/models/metrics?version=no-such-version");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }

    /// <summary>Every figure is derived from the matrix: nothing in the answer can be made up independently.</summary>
    private static void AssertConsistent(JsonNode metrics)
    {
        var labels = metrics["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
        Assert.Equal(Labels, labels);
        var matrix = metrics["confusion_matrix"]!.AsArray().Select(r => r!.AsArray().Select(c => c!.GetValue<int>()).ToArray()).ToArray();
        Assert.Equal(labels.Length, matrix.Length);
        Assert.All(matrix, row => Assert.Equal(labels.Length, row.Length));
        var n = metrics["n"]!.GetValue<int>();
        Assert.True(n > 0);
        Assert.Equal(n, matrix.Sum(r => r.Sum()));
        var perClass = metrics["per_class"]!;
        for (var k = 0; k < labels.Length; k++)
        {
            var figures = perClass[labels[k]]!;
            Assert.Equal(matrix[k].Sum(), figures["support"]!.GetValue<int>());
            var predicted = matrix.Sum(r => r[k]);
            var precision = predicted == 0 ? 0 : (double)matrix[k][k] / predicted;
            var recall = matrix[k].Sum() == 0 ? 0 : (double)matrix[k][k] / matrix[k].Sum();
            Assert.Equal(precision, figures["precision"]!.GetValue<double>(), 3);
            Assert.Equal(recall, figures["recall"]!.GetValue<double>(), 3);
        }
        var correct = Enumerable.Range(0, labels.Length).Sum(k => matrix[k][k]);
        Assert.Equal((double)correct / n, metrics["accuracy"]!.GetValue<double>(), 3);
        Assert.Equal(labels.Average(l => perClass[l]!["f1"]!.GetValue<double>()), metrics["macro_f1"]!.GetValue<double>(), 3);
        Assert.Equal(labels.Average(l => perClass[l]!["precision"]!.GetValue<double>()), metrics["macro_precision"]!.GetValue<double>(), 3);
        Assert.Equal(labels.Average(l => perClass[l]!["recall"]!.GetValue<double>()), metrics["macro_recall"]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task Retraining_on_stored_labelled_sessions_activates_only_a_candidate_that_is_not_worse_unless_forced()
    {
        // Nothing labelled is stored yet: refused at once, with the reason.
        var early = await Retrain(new JsonObject { ["training_data_source"] = "database" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("at least 20", (await Json(early))["detail"]!.GetValue<string>());

        var sessions = new DialogueGenerator(seed: 4242).Generate(40).ToArray();
        await SubmitLabelled(sessions);
        var examples = factory.Services.GetRequiredService<ITrainingExamples>();
        var stored = await examples.List();
        Assert.Equal(40, stored.Count);
        Assert.Equal(sessions.Select(s => s.Outcome).Order(), stored.Select(e => e.Label).Order());
        Assert.All(stored, e => Assert.Contains("\"top_nouns\":[]", e.FeaturesJson));

        // Trees need a smaller leaf minimum than LightGBM's 20 on 30 training rows.
        var small = new JsonObject { ["min_data_in_leaf"] = 3, ["iterations"] = 60 };

        // 1. A worse candidate: a leaf minimum above the number of rows leaves every tree without a split, so it
        // predicts one class for everything. It is trained and scored like any other, against the shipped model
        // (trained on thousands of sessions) on the same validation sessions, and stays inactive.
        var shipped = (await _reader.GetFromJsonAsync<JsonNode>("/api/v1/models/info"))!["active_version"]!.GetValue<string>();
        var worse = await Completed(new JsonObject
        {
            ["training_data_source"] = "database", ["validation_split"] = 0.25,
            ["hyper_parameters"] = new JsonObject { ["min_data_in_leaf"] = 1000, ["iterations"] = 5 },
        });
        Assert.Equal(40, worse["training_examples"]!.GetValue<int>());
        Assert.Equal(shipped, worse["active"]!["model_version"]!.GetValue<string>());
        Assert.Equal(worse["candidate"]!["n"]!.GetValue<int>(), worse["active"]!["n"]!.GetValue<int>());
        Assert.InRange(worse["candidate"]!["n"]!.GetValue<int>(), 8, 12);
        Assert.True(worse["candidate"]!["macro_f1"]!.GetValue<double>() < worse["active"]!["macro_f1"]!.GetValue<double>(), worse.ToJsonString());
        Assert.False(worse["activated"]!.GetValue<bool>());
        Assert.StartsWith("worse", worse["decision"]!.GetValue<string>());
        var rejectedVersion = worse["candidate"]!["model_version"]!.GetValue<string>();
        var afterWorse = await _reader.GetFromJsonAsync<JsonNode>("/api/v1/models/info");
        Assert.Equal(shipped, afterWorse!["active_version"]!.GetValue<string>());
        Assert.Contains(afterWorse["versions"]!.AsArray(), v => v!["version"]!.GetValue<string>() == rejectedVersion && !v["active"]!.GetValue<bool>());

        // 2. Forced: activated whatever the comparison says, and the registry serves it.
        var forced = await Completed(new JsonObject
        {
            ["training_data_source"] = "database", ["validation_split"] = 0.25, ["force"] = true, ["hyper_parameters"] = small.DeepClone(),
        });
        Assert.True(forced["activated"]!.GetValue<bool>());
        Assert.StartsWith("forced", forced["decision"]!.GetValue<string>());
        var forcedVersion = forced["candidate"]!["model_version"]!.GetValue<string>();
        var info = await _reader.GetFromJsonAsync<JsonNode>("/api/v1/models/info");
        Assert.Equal(forcedVersion, info!["active_version"]!.GetValue<string>());
        Assert.Equal(40, info["training_size"]!.GetValue<int>());
        Assert.Equal(0.25, info["validation_split"]!.GetValue<double>());
        Assert.Equal(3, info["hyper_parameters"]!["min_data_in_leaf"]!.GetValue<int>());
        Assert.Contains(info["versions"]!.AsArray(), v => v!["version"]!.GetValue<string>() == forcedVersion && v["active"]!.GetValue<bool>());
        var metrics = await _reader.GetFromJsonAsync<JsonNode>("/api/v1/models/metrics");
        Assert.Equal(forcedVersion, metrics!["model_version"]!.GetValue<string>());
        AssertConsistent(metrics);
        Assert.Equal(forced["candidate"]!["macro_f1"]!.GetValue<double>(), metrics["macro_f1"]!.GetValue<double>());

        // 3. Not forced: activated exactly when the candidate's macro-F1 is not below the active model's on the same sessions.
        var again = await Completed(new JsonObject
        {
            ["training_data_source"] = "database", ["hyper_parameters"] = new JsonObject { ["min_data_in_leaf"] = 2, ["iterations"] = 40 },
        });
        Assert.Equal(forcedVersion, again["active"]!["model_version"]!.GetValue<string>());
        Assert.Equal(again["candidate"]!["macro_f1"]!.GetValue<double>() >= again["active"]!["macro_f1"]!.GetValue<double>(),
            again["activated"]!.GetValue<bool>());
        var served = (await _reader.GetFromJsonAsync<JsonNode>("/api/v1/models/info"))!["active_version"]!.GetValue<string>();
        Assert.Equal(again["activated"]!.GetValue<bool>() ? again["candidate"]!["model_version"]!.GetValue<string>() : forcedVersion, served);

        // Deleting a session deletes its training example.
        await factory.Services.GetRequiredService<IClusterClient>().GetGrain<ISessionGrain>(sessions[0].SessionId).Delete();
        Assert.DoesNotContain(await examples.List(), e => e.SessionId == sessions[0].SessionId);
        Assert.Equal(39, (await examples.List()).Count);
    }

    [Fact]
    public async Task A_training_file_under_the_data_root_trains_a_candidate_and_paths_outside_it_are_refused()
    {
        await using (var file = File.CreateText(Path.Combine(factory.DataRoot, "labelled.jsonl")))
            new DialogueGenerator(seed: 777).WriteJsonl(30, file);

        var job = await Completed(new JsonObject
        {
            ["training_data_source"] = "file", ["file_path"] = "labelled.jsonl", ["validation_split"] = 0.3, ["force"] = true,
            ["hyper_parameters"] = new JsonObject { ["min_data_in_leaf"] = 3, ["iterations"] = 30 },
        });
        Assert.Equal(30, job["training_examples"]!.GetValue<int>());
        Assert.True(job["activated"]!.GetValue<bool>());
        Assert.Equal("file", job["training_data_source"]!.GetValue<string>());

        var missing = await Retrain(new JsonObject { ["training_data_source"] = "file", ["file_path"] = "nothing-here.json" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("file_path", (await Json(missing))["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"training_data_source\": \"database\", \"validation_split\": 0.01}", "validation_split")]
    [InlineData("{\"training_data_source\": \"database\", \"validation_split\": 0.9}", "validation_split")]
    [InlineData("{\"training_data_source\": \"database\", \"validation_split\": \"0.2\"}", "validation_split")]
    [InlineData("{\"validation_split\": 0.2}", "training_data_source")]
    [InlineData("{\"training_data_source\": \"s3\"}", "training_data_source")]
    [InlineData("{\"training_data_source\": \"file\"}", "file_path")]
    [InlineData("{\"training_data_source\": \"file\", \"file_path\": \"../../etc/passwd\"}", "file_path")]
    [InlineData("{\"training_data_source\": \"file\", \"file_path\": \"/etc/passwd\"}", "file_path")]
    [InlineData("{\"training_data_source\": \"database\", \"force\": \"yes\"}", "force")]
    [InlineData("{\"training_data_source\": \"database\", \"hyper_parameters\": {\"iterations\": 0}}", "hyper_parameters.iterations")]
    [InlineData("{\"training_data_source\": \"database\", \"hyper_parameters\": {\"depth\": 3}}", "hyper_parameters.depth")]
    [InlineData("{\"training_data_source\": \"database\", \"epochs\": 3}", "epochs")]
    [InlineData("[1]", "body")]
    [InlineData("{\"training_data_source\": ", "body")]
    public async Task Retrain_mistakes_are_a_400_problem_naming_the_field(string body, string field)
    {
        var response = await _admin.PostAsync("/api/v1/models/retrain", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await Json(response))["errors"]![field]);
    }

    [Fact]
    public async Task Retraining_needs_the_admin_role_and_reading_needs_a_key()
    {
        var body = new JsonObject { ["training_data_source"] = "database" }.ToJsonString();
        foreach (var client in new[] { _reader, _ingest })
        {
            Assert.Equal(HttpStatusCode.Forbidden,
                (await client.PostAsync("/api/v1/models/retrain", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/models/retrain/retrain_0")).StatusCode);
        }
        var anonymous = factory.CreateClient(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/models/info")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/models/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/models/retrain/retrain_never")).StatusCode);
    }

    private Task<HttpResponseMessage> Retrain(JsonObject body) =>
        _admin.PostAsync("/api/v1/models/retrain", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Starts a job and polls it to its end; fails unless it completed.</summary>
    private async Task<JsonNode> Completed(JsonObject body)
    {
        var response = await Retrain(body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await Json(response);
        var jobId = accepted["job_id"]!.GetValue<string>();
        Assert.Contains(accepted["status"]!.GetValue<string>(), new[] { "queued", "running" });
        Assert.EndsWith(jobId, response.Headers.Location!.ToString());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var seen = new HashSet<string>();
        while (true)
        {
            var status = await _admin.GetFromJsonAsync<JsonNode>($"/api/v1/models/retrain/{jobId}");
            var state = status!["status"]!.GetValue<string>();
            seen.Add(state);
            Assert.InRange(status["progress"]!.GetValue<double>(), 0, 1);
            if (state is "completed" or "failed" or "rejected")
            {
                Assert.True(state == "completed", status.ToJsonString());
                Assert.Equal(1.0, status["progress"]!.GetValue<double>());
                Assert.NotNull(status["finished_at"]);
                output.WriteLine($"{status["decision"]} (took {clock.Elapsed.TotalSeconds:F1} s)");
                return status;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"job {jobId} still {state}: {status.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private async Task SubmitLabelled(IReadOnlyList<GeneratedSession> sessions)
    {
        foreach (var session in sessions)
        {
            var request = new JsonObject
            {
                ["session_id"] = session.SessionId,
                ["processing_mode"] = "background",
                ["data"] = new JsonObject
                {
                    ["consulting_content"] = session.ConsultingContent,
                    ["instructions"] = new JsonArray(
                        new JsonObject { ["task_category"] = "상담 주제", ["output"] = session.Topic },
                        new JsonObject { ["task_category"] = "상담 내용", ["output"] = session.Content },
                        new JsonObject { ["task_category"] = "상담 결과", ["output"] = session.Outcome }),
                },
            };
            var response = await _ingest.PostAsync("/api/v1/callytics/process-data",
                new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var session in sessions)
        {
            while (true)
            {
                var status = await _ingest.GetFromJsonAsync<JsonNode>($"/api/v1/callytics/status/{session.SessionId}");
                var state = status!["status"]!.GetValue<string>();
                if (state == "completed") break;
                Assert.NotEqual("failed", state);
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"{session.SessionId} still {state}");
                await Task.Delay(50);
            }
        }
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
