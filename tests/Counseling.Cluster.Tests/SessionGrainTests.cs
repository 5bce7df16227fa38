using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Cluster.Tests;

public sealed class SessionGrainTests(CpuOnly fixture) : IClassFixture<CpuOnly>
{
    [Fact]
    public async Task A_session_runs_all_four_stages_and_equals_the_library_result()
    {
        var submission = Dialogues.Submission(seed: 31, index: 2);
        var grain = fixture.Client.GetGrain<ISessionGrain>("equal_1");
        await grain.Submit(submission);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = await grain.WaitForCompletion(TimeSpan.FromSeconds(20));

        Assert.Equal(SessionStage.Completed, done.Stage);
        // The wait ends when the session does, not when its timeout runs out.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"waited {clock.Elapsed}");
        Assert.Equal([SessionStage.Preprocessing, SessionStage.Extracting, SessionStage.Building, SessionStage.Predicting],
            done.Stages.Select(s => s.Stage));
        using var pipeline = SessionPipeline.Load();
        var expected = pipeline.Predict(new SessionRecord("equal_1", submission.ConsultingContent,
            submission.Instructions.Select(i => new Instruction(i.TaskCategory, i.Output)).ToArray(), submission.Metadata));
        Assert.Equal(expected.Prediction, done.Prediction!.Label);
        Assert.Equal(expected.Confidence, done.Prediction.Confidence, 5);
        Assert.Equal(expected.ModelVersion, done.Prediction.ModelVersion);
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected.ExtractedFeatures), JsonNode.Parse(done.FeaturesJson!)),
            done.FeaturesJson);
    }

    [Fact]
    public async Task The_same_content_again_returns_the_existing_result_and_other_content_is_a_new_version()
    {
        var grain = fixture.Client.GetGrain<ISessionGrain>("again_1");
        var first = Dialogues.Submission(seed: 32);
        await grain.Submit(first);
        var done = await grain.WaitForCompletion(TimeSpan.FromSeconds(20));
        var again = await grain.Submit(first);
        Assert.Equal(done.Version, again.Version);
        Assert.Equal(SessionStage.Completed, again.Stage);
        Assert.Equal(done.UpdatedAt, again.UpdatedAt);

        var other = await grain.Submit(Dialogues.Submission(seed: 33));
        Assert.Equal(done.Version + 1, other.Version);
        var second = await grain.WaitForCompletion(TimeSpan.FromSeconds(20));
        Assert.True(second.Stage == SessionStage.Completed, $"{second.Stage}: {second.Error}");
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_session_do_the_work_once()
    {
        var grain = fixture.Client.GetGrain<ISessionGrain>("concurrent_1");
        var submission = Dialogues.Submission(seed: 34);
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => grain.Submit(submission)));
        Assert.All(snapshots, s => Assert.Equal(1, s.Version));
        var done = await grain.WaitForCompletion(TimeSpan.FromSeconds(20));
        Assert.Equal(4, done.Stages.Count);
    }

    [Fact]
    public async Task Bad_input_fails_once_with_the_reason_and_no_retry()
    {
        var grain = fixture.Client.GetGrain<ISessionGrain>("bad_1");
        await grain.Submit(new SessionSubmission("태그 없는 한 줄", [], new Dictionary<string, string>()));
        var done = await grain.WaitForCompletion(TimeSpan.FromSeconds(10));
        Assert.Equal(SessionStage.Failed, done.Stage);
        Assert.Contains("bad_1", done.Error);
        Assert.Equal(0, done.Attempts);
    }

    [Fact]
    public async Task Delete_removes_everything()
    {
        var grain = fixture.Client.GetGrain<ISessionGrain>("delete_1");
        await grain.Submit(Dialogues.Submission(seed: 35));
        await grain.WaitForCompletion(TimeSpan.FromSeconds(20));
        await grain.Delete();
        var after = await grain.GetSnapshot();
        Assert.Equal(SessionStage.None, after.Stage);
        Assert.Null(after.FeaturesJson);
        Assert.Null(after.Prediction);
    }

    [Fact]
    public async Task Cancel_stops_work_and_keeps_a_final_session_final()
    {
        var completed = fixture.Client.GetGrain<ISessionGrain>("cancel_done");
        await completed.Submit(Dialogues.Submission(seed: 36));
        await completed.WaitForCompletion(TimeSpan.FromSeconds(20));
        Assert.Equal(SessionStage.Completed, (await completed.Cancel()).Stage);

        var unknown = fixture.Client.GetGrain<ISessionGrain>("cancel_unknown");
        Assert.Equal(SessionStage.None, (await unknown.Cancel()).Stage);
    }
}

public sealed class PredictionHistoryTests(CpuOnly fixture) : IClassFixture<CpuOnly>
{
    [Fact]
    public async Task Each_completed_session_is_in_the_history_exactly_once_and_delete_removes_it()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"history_{i}").ToArray();
        await Task.WhenAll(ids.Select((id, i) => fixture.Client.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 40 + i))));
        await Task.WhenAll(ids.Select(id => fixture.Client.GetGrain<ISessionGrain>(id).WaitForCompletion(TimeSpan.FromSeconds(20))));
        // Submitting again must not add a row: the same content returns the existing result.
        await fixture.Client.GetGrain<ISessionGrain>(ids[0]).Submit(Dialogues.Submission(seed: 40));

        async Task<List<Counseling.Grains.History.PredictionRecord>> AllRows()
        {
            var rows = new List<Counseling.Grains.History.PredictionRecord>();
            foreach (var silo in fixture.Cluster.Silos)
            {
                var history = (Counseling.Grains.History.IPredictionHistory)fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress)
                    .GetService(typeof(Counseling.Grains.History.IPredictionHistory))!;
                rows.AddRange(await history.Query(new Counseling.Grains.History.HistoryQuery(Limit: 1000)));
            }
            return rows;
        }
        var rows = await AllRows();
        foreach (var id in ids) Assert.Single(rows, r => r.SessionId == id);

        await fixture.Client.GetGrain<ISessionGrain>(ids[1]).Delete();
        Assert.DoesNotContain(await AllRows(), r => r.SessionId == ids[1]);
    }
}
