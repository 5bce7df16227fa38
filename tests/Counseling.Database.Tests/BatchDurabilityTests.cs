using System.Diagnostics;
using Counseling.Grains.Interfaces;

namespace Counseling.Database.Tests;

/// <summary>A processing task over PostgreSQL outlives the silo that ran it.</summary>
[Collection(SessionDurabilityCollection.Name)]
public sealed class BatchDurabilityTests
{
    [Fact]
    public async Task A_task_whose_silo_stopped_mid_way_finishes_on_a_new_silo_running_each_session_once()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"task-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 12).Select(i => $"task_durable_{i}").ToArray();
        var taskKey = BatchKey.Task("task_durable");

        await using (var first = await CounselingSilo.StartAsync(database.ConnectionString, clusterId))
        {
            var receipts = await Task.WhenAll(ids.Select((id, i) => first.Grains.GetGrain<ISessionGrain>(id).Upload(Dialogues.Submission(seed: 900, index: i))));
            Assert.All(receipts, r => Assert.Equal(UploadOutcome.Stored, r.Outcome));
            var task = first.Grains.GetGrain<IBatchGrain>(taskKey);
            await task.Start(new BatchOrder(ids, MaxConcurrent: 1));
            var clock = Stopwatch.StartNew();
            while ((await task.GetView()).Sessions.Count(s => s.Status == "completed") < 2 && clock.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(20);
            await first.StopAsync();
        }

        // A new silo knows nothing in memory: the task it finds was read from the database, and touching it resumes it.
        await using var second = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        var resumed = second.Grains.GetGrain<IBatchGrain>(taskKey);
        var view = await resumed.GetView();
        Assert.Equal(BatchState.Running, view.State);
        Assert.True(view.Sessions.Count(s => s.Status == "completed") >= 2, string.Join(", ", view.Sessions.Select(s => s.Status)));
        Assert.Contains(view.Sessions, s => s.Status == "pending");

        var wait = Stopwatch.StartNew();
        while (view.State == BatchState.Running && wait.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
            view = await resumed.GetView();
        }
        Assert.Equal(BatchState.Completed, view.State);
        Assert.All(view.Sessions, s => Assert.True(s.Status == "completed", $"{s.SessionId}: {s.Status} {s.Error}"));
        foreach (var id in ids)
        {
            var snapshot = await second.Grains.GetGrain<ISessionGrain>(id).GetSnapshot();
            Assert.Equal(1, snapshot.Version);
            // Four stage records: no stage of any session ran twice across the two silos.
            Assert.Equal(4, snapshot.Stages.Count);
        }
    }
}
