using Counseling.Grains.Interfaces;
using Counseling.Grains.Models;
using Counseling.Grains.Pipeline.Synthesis;
using Counseling.Grains.Training;
using Counseling.Silo.Database;
using Npgsql;

namespace Counseling.Database.Tests;

public sealed class TrainingExamplesTests
{
    private static TrainingExample Example(string id, int version, string label) =>
        new(id, version, label, $$$"""{"session_id":"{{{id}}}","basic_stats":{"speech_count":{{{version}}}}}""", DateTimeOffset.UtcNow);

    [Fact]
    public async Task One_example_per_session_the_newest_version_wins_and_delete_removes_it()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ConnectionString);
        var examples = new PostgresTrainingExamples(source);

        await examples.Record(Example("s_b", 1, "만족"));
        await examples.Record(Example("s_a", 1, "미흡"));
        await examples.Record(Example("s_B", 1, "만족"));
        // A resubmission's example replaces the first; a late write of an older version does not undo it.
        await examples.Record(Example("s_a", 2, "해결 불가"));
        await examples.Record(Example("s_a", 1, "미흡"));

        var list = await examples.List();
        // Byte order, as the in-memory store sorts: the split a retrain draws must not depend on the store.
        Assert.Equal(["s_B", "s_a", "s_b"], list.Select(e => e.SessionId));
        var a = list.Single(e => e.SessionId == "s_a");
        Assert.Equal((2, "해결 불가"), (a.SessionVersion, a.Label));
        Assert.Contains("\"speech_count\": 2", a.FeaturesJson);
        Assert.Equal(new Dictionary<string, int> { ["만족"] = 2, ["해결 불가"] = 1 }, await examples.CountByLabel());

        await examples.Delete("s_a");
        Assert.Equal(["s_B", "s_b"], (await examples.List()).Select(e => e.SessionId));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM training_examples"));
    }

    [Fact]
    public async Task Activating_a_version_records_when()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ConnectionString);
        var store = new PostgresModelStore(source);
        ModelEntry Entry(string version) => new(version, DateTimeOffset.UtcNow, new Dictionary<string, double>(),
            new ModelArtifact([1], $$"""{"version":"{{version}}"}"""));
        await store.Add(Entry("a"));
        await store.Add(Entry("b"));
        Assert.All(await store.List(), v => Assert.Null(v.ActivatedAt));

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        Assert.True(await store.Activate("a", onlyIfNoneActive: false));
        var a = (await store.List()).Single(v => v.Version == "a");
        Assert.True(a.Active);
        Assert.InRange(a.ActivatedAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Null((await store.List()).Single(v => v.Version == "b").ActivatedAt);
        Assert.Equal("a", System.Text.Json.JsonDocument.Parse((await store.Metadata("a"))!).RootElement.GetProperty("version").GetString());
        Assert.Null(await store.Metadata("missing"));
    }

    [Fact]
    public async Task Labelled_sessions_on_a_PostgreSQL_silo_become_examples_a_retrain_job_trains_on()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var silo = await CounselingSilo.StartAsync(database.ConnectionString, $"test-{Guid.NewGuid():N}");
        var generated = new DialogueGenerator(seed: 515).Generate(24).ToArray();
        var grains = generated.Select(g => (g, grain: silo.Grains.GetGrain<ISessionGrain>(g.SessionId))).ToArray();
        await Task.WhenAll(grains.Select(p => p.grain.Submit(new SessionSubmission(p.g.ConsultingContent,
            [new SubmittedInstruction("상담 주제", p.g.Topic), new SubmittedInstruction("상담 내용", p.g.Content), new SubmittedInstruction("상담 결과", p.g.Outcome)],
            new Dictionary<string, string>(), 3))));
        // One more without a label: it is predicted as usual and leaves no example.
        var unlabelled = silo.Grains.GetGrain<ISessionGrain>("unlabelled_1");
        await unlabelled.Submit(Dialogues.Submission(seed: 9));
        foreach (var (_, grain) in grains.Append((generated[0], unlabelled)))
        {
            var done = await grain.WaitForCompletion(TimeSpan.FromSeconds(60));
            Assert.True(done.Stage == SessionStage.Completed, $"{done.Stage}: {done.Error}");
        }

        Assert.Equal(24L, await database.ScalarAsync<long>("SELECT count(*) FROM training_examples"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM training_examples WHERE session_id = 'unlabelled_1'"));
        var first = generated[0];
        Assert.Equal(first.Outcome, await database.ScalarAsync<string>($"SELECT label FROM training_examples WHERE session_id = '{first.SessionId}'"));
        Assert.Equal(0, await database.ScalarAsync<int>($"SELECT jsonb_array_length(features->'text_features'->'top_nouns') FROM training_examples WHERE session_id = '{first.SessionId}'"));
        // No line of the consultation is in the stored features.
        var features = await database.ScalarAsync<string>($"SELECT features::text FROM training_examples WHERE session_id = '{first.SessionId}'");
        foreach (var line in first.ConsultingContent.Split('\n').Where(l => l.Length > 12))
            Assert.DoesNotContain(line[(line.IndexOf(':') + 1)..].Trim(), features);

        var job = silo.Grains.GetGrain<IRetrainJobGrain>("retrain_db_1");
        var started = await job.Start(new RetrainRequest(RetrainSource.Database, null, 0.25, Force: true,
            new RetrainHyperParameters(Iterations: 20, MinExamplesPerLeaf: 3)));
        Assert.NotEqual(RetrainStatus.Rejected, started.Status);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RetrainJobView view;
        while ((view = (await job.GetView())!).Status is RetrainStatus.Queued or RetrainStatus.Running && clock.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(100);
        Assert.True(view.Status == RetrainStatus.Completed, $"{view.Status}: {view.Error}");
        Assert.Equal(24, view.TrainingExamples);
        Assert.True(view.Activated);
        var candidate = view.Candidate!.ModelVersion;
        Assert.Equal(candidate, await database.ScalarAsync<string>("SELECT version FROM model_versions WHERE active"));
        Assert.NotEqual(default, await database.ScalarAsync<DateTime>($"SELECT activated_at FROM model_versions WHERE version = '{candidate}'"));
        Assert.Equal(24, await database.ScalarAsync<int>($"SELECT (metadata->>'training_rows')::int FROM model_versions WHERE version = '{candidate}'"));
        // The job's outcome is in grain storage, where another silo would read it.
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM orleans_storage WHERE grain_type ILIKE '%retrain%'") >= 1);

        await grains[0].grain.Delete();
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM training_examples WHERE session_id = '{first.SessionId}'"));
        Assert.Equal(23L, await database.ScalarAsync<long>("SELECT count(*) FROM training_examples"));
    }
}
