using System.Collections.Concurrent;
using System.Diagnostics;
using Counseling.Grains.Interfaces;
using Orleans.Core.Internal;
using Orleans.Streams;

namespace Counseling.Cluster.Tests;

public sealed class BatchGrainTests(CpuOnly fixture) : IClassFixture<CpuOnly>
{
    private async Task<string[]> Upload(string prefix, int count, int seed)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}_{i}").ToArray();
        var receipts = await Task.WhenAll(ids.Select((id, i) => fixture.Client.GetGrain<ISessionGrain>(id).Upload(Dialogues.Submission(seed, i))));
        Assert.All(receipts, r => Assert.Equal(UploadOutcome.Stored, r.Outcome));
        return ids;
    }

    private static async Task<BatchView> UntilFinished(IBatchGrain batch)
    {
        var clock = Stopwatch.StartNew();
        var view = await batch.GetView();
        while (view.State == BatchState.Running && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
            view = await batch.GetView();
        }
        return view;
    }

    private static async Task UntilAllFinished(ConcurrentQueue<SessionEvent> events, IReadOnlyCollection<string> ids)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) &&
               events.Where(e => e.Kind is SessionEventKind.Completed or SessionEventKind.Failed or SessionEventKind.Cancelled).Select(e => e.SessionId).Intersect(ids).Count() < ids.Count)
            await Task.Delay(50);
    }

    [Fact]
    public async Task A_batch_never_has_more_sessions_in_flight_than_its_bound()
    {
        var ids = await Upload("bound", 12, seed: 401);
        // The sessions' own account of when each ran.
        var feed = await SessionEventFeed.Listen(fixture.Client);
        var events = feed.Received;
        try
        {
            var batch = fixture.Client.GetGrain<IBatchGrain>(BatchKey.Callytics("bound_batch"));
            var started = await batch.Start(new BatchOrder(ids, MaxConcurrent: 3));
            Assert.Equal(BatchState.Running, started.State);
            var view = await UntilFinished(batch);
            Assert.Equal(BatchState.Completed, view.State);
            Assert.All(view.Sessions, s => Assert.Equal("completed", s.Status));
            Assert.Equal(100, view.Percent);
            Assert.InRange(view.PeakInFlight, 1, 3);
            await UntilAllFinished(events, ids);

            // In flight = from accepted to the last stage done, by the sessions' own clocks (an end at the same instant as a
            // start comes first). The session reports itself final before it has persisted that and announced it, so the
            // announcement of the final stage may come after the batch has started the next session; the pipeline work does not.
            var ours = events.Where(e => ids.Contains(e.SessionId) &&
                                         (e.Kind == SessionEventKind.Accepted || e.Kind == SessionEventKind.StageFinished && e.Stage == SessionStage.Predicting)).ToArray();
            Assert.Equal(ids.Length * 2, ours.Length);
            var running = 0;
            var peak = 0;
            foreach (var e in ours.OrderBy(e => e.At).ThenBy(e => e.Kind == SessionEventKind.Accepted ? 1 : 0))
            {
                running += e.Kind == SessionEventKind.Accepted ? 1 : -1;
                peak = Math.Max(peak, running);
            }
            Assert.InRange(peak, 2, 3);
        }
        finally
        {
            await feed.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_batch_deactivated_mid_way_resumes_and_runs_each_session_once()
    {
        var ids = await Upload("resume", 6, seed: 402);
        // The sessions' own account of when each ran.
        var feed = await SessionEventFeed.Listen(fixture.Client);
        var events = feed.Received;
        try
        {
            var batch = fixture.Client.GetGrain<IBatchGrain>(BatchKey.Task("resume_task"));
            await batch.Start(new BatchOrder(ids, MaxConcurrent: 1));
            var clock = Stopwatch.StartNew();
            while ((await batch.GetView()).Sessions.All(s => s.Status != "completed") && clock.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(20);
            var before = await batch.GetView();
            Assert.Contains(before.Sessions, s => s.Status == "pending");

            await batch.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            var resumed = Stopwatch.StartNew();
            var view = await UntilFinished(batch);
            Assert.Equal(BatchState.Completed, view.State);
            // Well inside the reminder's minute: the activation itself resumed the batch.
            Assert.True(resumed.Elapsed < TimeSpan.FromSeconds(30), $"resumed after {resumed.Elapsed}");
            Assert.All(view.Sessions, s => Assert.Equal("completed", s.Status));
            await UntilAllFinished(events, ids);
            foreach (var id in ids)
            {
                Assert.Single(events, e => e.SessionId == id && e.Kind == SessionEventKind.Accepted);
                Assert.Equal(1, (await fixture.Client.GetGrain<ISessionGrain>(id).GetSnapshot()).Version);
            }
        }
        finally
        {
            await feed.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cancel_starts_nothing_more_and_lists_the_unstarted_as_uploaded_again()
    {
        var ids = await Upload("cancel", 10, seed: 403);
        var batch = fixture.Client.GetGrain<IBatchGrain>(BatchKey.Task("cancel_task"));
        await batch.Start(new BatchOrder(ids, MaxConcurrent: 1));
        var cancelled = await batch.Cancel();
        Assert.Equal(BatchState.Cancelled, cancelled.State);
        var clock = Stopwatch.StartNew();
        var view = cancelled;
        while (view.Sessions.Any(s => s.Status == "processing") && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
            view = await batch.GetView();
        }
        var pending = view.Sessions.Where(s => s.Status == "pending").Select(s => s.SessionId).ToArray();
        Assert.NotEmpty(pending);
        var listed = await fixture.Client.GetGrain<IUploadRegistryGrain>(0).Pending();
        Assert.All(pending, id => Assert.Contains(id, listed));
        foreach (var id in pending)
            Assert.Equal(SessionStage.Uploaded, (await fixture.Client.GetGrain<ISessionGrain>(id).GetSnapshot()).Stage);
        // A second start of the same batch is the same batch, not a new run.
        Assert.Equal(BatchState.Cancelled, (await batch.Start(new BatchOrder(ids, 5))).State);
    }
}
