using System.Diagnostics;
using Counseling.Grains.Interfaces;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Counseling.Database.Tests;

/// <summary>
/// Sessions on real product silos over PostgreSQL: what the design card promises when silos stop, crash
/// or race — state survives, orphaned work resumes elsewhere, and nothing is processed twice.
/// </summary>
[Collection(SessionDurabilityCollection.Name)]
public sealed class SessionDurabilityTests(ITestOutputHelper output)
{
    private static readonly SessionStage[] FourStages =
        [SessionStage.Preprocessing, SessionStage.Extracting, SessionStage.Building, SessionStage.Predicting];

    [Fact]
    public async Task Completed_sessions_survive_a_full_cluster_restart()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"restart-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(1, 5).Select(i => $"restart_{i}").ToArray();

        SessionSnapshot[] before;
        await using (var first = await CounselingSilo.StartAsync(database.ConnectionString, clusterId))
        await using (var second = await CounselingSilo.StartAsync(database.ConnectionString, clusterId))
        {
            var silos = new[] { first, second };
            await Task.WhenAll(ids.Select((id, i) => silos[i % 2].Grains.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 700 + i))));
            before = await Task.WhenAll(ids.Select(id => first.Grains.GetGrain<ISessionGrain>(id).WaitForCompletion(TimeSpan.FromSeconds(60))));
            Assert.All(before, s => Assert.True(s.Stage == SessionStage.Completed, $"{s.SessionId}: {s.Stage} {s.Error}"));
            await Task.WhenAll(first.StopAsync(), second.StopAsync());
        }

        // A new cluster knows nothing in memory: whatever it answers was read from the database.
        await using var restarted = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        var after = await Task.WhenAll(ids.Select(id => restarted.Grains.GetGrain<ISessionGrain>(id).GetSnapshot()));
        foreach (var (was, now) in before.Zip(after))
        {
            Assert.Equal(SessionStage.Completed, now.Stage);
            Assert.Equal(was.Version, now.Version);
            Assert.Equal(was.Stages, now.Stages);
            Assert.Equal(was.Prediction!.Label, now.Prediction!.Label);
            Assert.Equal(was.Prediction.Confidence, now.Prediction.Confidence);
            Assert.Equal(was.Prediction.ModelVersion, now.Prediction.ModelVersion);
            Assert.Equal(was.Prediction.Distribution.OrderBy(p => p.Key), now.Prediction.Distribution.OrderBy(p => p.Key));
            Assert.Equal(was.FeaturesJson, now.FeaturesJson);
            Assert.Equal(was.UpdatedAt, now.UpdatedAt);
        }
    }

    [Fact]
    public async Task Stored_state_holds_no_consultation_text_in_the_clear()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var silo = await CounselingSilo.StartAsync(database.ConnectionString, $"sealed-{Guid.NewGuid():N}");
        var submission = Dialogues.Submission(seed: 777);
        var done = await silo.Grains.GetGrain<ISessionGrain>("sealed_1").Submit(submission)
            .ContinueWith(_ => silo.Grains.GetGrain<ISessionGrain>("sealed_1").WaitForCompletion(TimeSpan.FromSeconds(60))).Unwrap();
        Assert.Equal(SessionStage.Completed, done.Stage);

        await using var connection = await database.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT payload FROM orleans_storage WHERE payload IS NOT NULL", connection);
        var payloads = new List<byte[]>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) payloads.Add((byte[])reader[0]);
        Assert.NotEmpty(payloads);
        // Any one utterance of the dialogue, in UTF-8 or in JSON's \uXXXX form, would give the text away.
        var utterance = submission.ConsultingContent.Split('\n').Select(line => line[(line.IndexOf(':') + 1)..].Trim()).First(line => line.Length >= 8);
        var needles = new[] { System.Text.Encoding.UTF8.GetBytes(utterance), System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(utterance).Trim('"')) };
        Assert.All(payloads, payload => Assert.All(needles, needle => Assert.Equal(-1, payload.AsSpan().IndexOf(needle))));
    }

    [Fact]
    public async Task A_killed_silo_loses_none_of_200_background_sessions()
    {
        const int count = 200;
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"kill-{Guid.NewGuid():N}";
        await using var survivor = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        var victim = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        var clock = Stopwatch.StartNew();

        // Submissions come in through both silos, so activations land on both.
        var ids = Enumerable.Range(0, count).Select(i => $"kill_{i:000}").ToArray();
        var silos = new[] { survivor, victim };
        await Task.WhenAll(ids.Select((id, i) => silos[i % 2].Grains.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 1000 + i))));
        var submitted = clock.Elapsed;

        var snapshots = await Task.WhenAll(ids.Select(id => survivor.Grains.GetGrain<ISessionGrain>(id).GetSnapshot()));
        var unfinished = snapshots.Where(s => !s.Stage.IsFinal()).Select(s => s.SessionId).ToHashSet();
        var onVictim = (await survivor.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, [victim.Address]))
            .Where(s => s.GrainId.Type.ToString() == "session")
            .Select(s => s.GrainId.Key.ToString()!)
            .ToHashSet();
        var orphaned = onVictim.Count(unfinished.Contains);
        output.WriteLine($"submitted {count} in {submitted.TotalSeconds:0.0}s; at the kill {unfinished.Count} unfinished, {onVictim.Count} on the victim, {orphaned} of them unfinished");
        Assert.True(orphaned >= 20, $"only {orphaned} unfinished sessions were on the killed silo; the test proves nothing");

        await victim.KillAsync();

        // Wait on the database, not on the grains: a status call would activate an orphaned session and
        // resume it, and this test is about the reminder doing that on its own.
        var waited = await WaitUntilNoSessionIsWaitingAsync(database, TimeSpan.FromMinutes(3));
        output.WriteLine($"after the kill every session was final in {waited.TotalSeconds:0.0}s");

        var final = await Task.WhenAll(ids.Select(id => survivor.Grains.GetGrain<ISessionGrain>(id).GetSnapshot()));
        Assert.All(final, s =>
        {
            Assert.True(s.Stage == SessionStage.Completed, $"{s.SessionId}: {s.Stage} {s.Error}");
            Assert.Equal(1, s.Version);
            Assert.Equal(FourStages, s.Stages.Select(r => r.Stage));
            Assert.NotNull(s.Prediction);
        });
        output.WriteLine($"all {count} completed once; {final.Count(s => s.Attempts > 0)} needed a retry; total {clock.Elapsed.TotalSeconds:0.0}s");
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_session_through_two_silos_do_the_work_once()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"race-{Guid.NewGuid():N}";
        await using var first = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        await using var second = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);

        var submission = Dialogues.Submission(seed: 4242);
        var silos = new[] { first, second };
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(i => silos[i % 2].Grains.GetGrain<ISessionGrain>("race_1").Submit(submission)));
        Assert.All(snapshots, s => Assert.Equal(1, s.Version));

        var done = await second.Grains.GetGrain<ISessionGrain>("race_1").WaitForCompletion(TimeSpan.FromSeconds(60));
        Assert.True(done.Stage == SessionStage.Completed, $"{done.Stage}: {done.Error}");
        Assert.Equal(1, done.Version);
        Assert.Equal(FourStages, done.Stages.Select(r => r.Stage));
        // One session row; the stream subscriptions (pub-sub) share the table.
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM orleans_storage WHERE grain_type NOT ILIKE '%pubsub%'"));
    }

    [Fact]
    public async Task A_gracefully_stopping_silo_hands_its_sessions_over_without_failing_a_stage()
    {
        const int count = 60;
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"stop-{Guid.NewGuid():N}";
        await using var staying = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        var leaving = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);

        var ids = Enumerable.Range(0, count).Select(i => $"stop_{i:00}").ToArray();
        var silos = new[] { staying, leaving };
        await Task.WhenAll(ids.Select((id, i) => silos[i % 2].Grains.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 2000 + i))));
        var unfinished = (await Task.WhenAll(ids.Select(id => staying.Grains.GetGrain<ISessionGrain>(id).GetSnapshot()))).Count(s => !s.Stage.IsFinal());
        Assert.True(unfinished >= 20, $"only {unfinished} sessions were unfinished at the stop; the test proves nothing");

        await leaving.StopAsync();
        await WaitUntilNoSessionIsWaitingAsync(database, TimeSpan.FromMinutes(2));

        // Attempts stay 0: the stop let each stage in flight finish (sentiment kept serving until the
        // grains were gone) instead of failing it and spending one of the session's three attempts.
        var final = await Task.WhenAll(ids.Select(id => staying.Grains.GetGrain<ISessionGrain>(id).GetSnapshot()));
        Assert.All(final, s =>
        {
            Assert.True(s.Stage == SessionStage.Completed, $"{s.SessionId}: {s.Stage} {s.Error}");
            Assert.Equal(FourStages, s.Stages.Select(r => r.Stage));
            Assert.Equal(0, s.Attempts);
        });
    }

    [Fact]
    public async Task A_database_outage_spends_no_attempt_refuses_new_work_and_loses_nothing_accepted()
    {
        const int count = 40;
        await using var database = await TestDatabase.MigratedAsync();
        var silo = await CounselingSilo.StartAsync(database.ConnectionString, $"outage-{Guid.NewGuid():N}");
        var ids = Enumerable.Range(0, count).Select(i => $"outage_{i:00}").ToArray();
        await Task.WhenAll(ids.Select((id, i) => silo.Grains.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 3000 + i))));

        var unfinished = (await Task.WhenAll(ids.Select(id => silo.Grains.GetGrain<ISessionGrain>(id).GetSnapshot()))).Count(s => !s.Stage.IsFinal());
        // The server stops taking connections to this database and drops the ones it has: to the silo it is down.
        await database.OnServerAsync($"ALTER DATABASE {database.Name} ALLOW_CONNECTIONS false");
        await database.OnServerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.Name}'");
        var refused = await Record.ExceptionAsync(() => silo.Grains.GetGrain<ISessionGrain>("outage_late").Submit(Dialogues.Submission(seed: 3999)));
        await Task.Delay(TimeSpan.FromSeconds(4));
        await database.OnServerAsync($"ALTER DATABASE {database.Name} ALLOW_CONNECTIONS true");
        // Only the test's own pooled connections are reset; the silo has to find out about its dead ones itself.
        Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(database.ConnectionString));
        output.WriteLine($"{unfinished} of {count} were unfinished when the database went away");

        // Refused either by the session (its write failed) or by Orleans (activating it needs a read): both 503 at the Api.
        Assert.True(refused is StorageUnavailableException or OrleansException, $"unexpected {refused}");
        Assert.True(unfinished >= 5, $"only {unfinished} sessions were in flight during the outage; the test proves nothing");
        await WaitUntilNoSessionIsWaitingAsync(database, TimeSpan.FromMinutes(2));
        var final = await Task.WhenAll(ids.Select(id => silo.Grains.GetGrain<ISessionGrain>(id).GetSnapshot()));
        Assert.All(final, s =>
        {
            Assert.True(s.Stage == SessionStage.Completed, $"{s.SessionId}: {s.Stage} {s.Error}");
            Assert.Equal(0, s.Attempts);
        });
        Assert.Equal((long)count, await database.ScalarAsync<long>("SELECT count(*) FROM prediction_history"));

        // What was refused was not half-taken: sent again, it runs.
        var late = await silo.Grains.GetGrain<ISessionGrain>("outage_late").Submit(Dialogues.Submission(seed: 3999));
        Assert.Equal(1, late.Version);
        Assert.Equal(SessionStage.Completed, (await silo.Grains.GetGrain<ISessionGrain>("outage_late").WaitForCompletion(TimeSpan.FromSeconds(60))).Stage);

        // A graceful stop after the outage has been seen to outlast 90 s (not yet explained; see the README's
        // known issues). What this test is about is done, so the silo is stopped the hard way.
        await silo.KillAsync();
    }

    [Fact]
    public async Task A_session_resumed_after_its_deadline_fails_as_timed_out_with_the_reason()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"timeout-{Guid.NewGuid():N}";
        var crashed = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        // Accepted, then their silo dies at once: durable, but nothing runs them. Forty at once, so some are
        // certainly unfinished (a single one sometimes completed before the kill).
        var ids = Enumerable.Range(0, 40).Select(i => $"late_{i:00}").ToArray();
        await Task.WhenAll(ids.Select((id, i) => crashed.Grains.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 5000 + i))));
        await crashed.KillAsync();

        await Task.Delay(TimeSpan.FromSeconds(3));
        await using var next = await CounselingSilo.StartAsync(database.ConnectionString, clusterId, timeoutSeconds: 2);
        var final = await Task.WhenAll(ids.Select(id => next.Grains.GetGrain<ISessionGrain>(id).WaitForCompletion(TimeSpan.FromSeconds(60))));

        // What finished before the kill stays completed; everything else was past its deadline when it resumed.
        Assert.All(final, s => Assert.True(s.Stage == SessionStage.Completed || (s.Stage == SessionStage.Failed && s.Error!.Contains("timed out")),
            $"{s.SessionId}: {s.Stage} {s.Error}"));
        Assert.Contains(final, s => s.Stage == SessionStage.Failed);
    }

    /// <summary>
    /// A session drops its resume reminder once it is final, so no reminders left means no session left
    /// waiting. Polling the table instead of the grains leaves the orphaned sessions to their reminders.
    /// </summary>
    private static async Task<TimeSpan> WaitUntilNoSessionIsWaitingAsync(TestDatabase database, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        long left;
        while ((left = await database.ScalarAsync<long>("SELECT count(*) FROM session_resume")) > 0
               && clock.Elapsed < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        Assert.True(left == 0, $"{left} sessions still waiting to resume after {deadline}");
        return clock.Elapsed;
    }
}

/// <summary>
/// Hundreds of sessions on two silos use a good share of the server's connections; run beside the other
/// database tests they ran it out of connections ("too many clients") and stalled submissions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SessionDurabilityCollection
{
    public const string Name = "session durability";
}
