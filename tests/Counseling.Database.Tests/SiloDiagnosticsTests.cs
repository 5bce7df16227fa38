using Counseling.Grains.Diagnostics;
using Counseling.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Counseling.Database.Tests;

/// <summary>
/// Two silos on one database: each diagnostics grain is placed on the silo its key names, so asking one
/// per active silo from either silo gathers every silo's own logs and statistics.
/// </summary>
public sealed class SiloDiagnosticsTests
{
    [Fact]
    public async Task Each_silo_answers_for_itself_wherever_it_is_asked_from()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"diagnostics-{Guid.NewGuid():N}";
        await using var first = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        await using var second = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        CounselingSilo[] silos = [first, second];

        // Sessions run where they are submitted (preferred-local placement): two on the second silo, none on the first.
        var ids = new[] { "diag_1", "diag_2" };
        await Task.WhenAll(ids.Select((id, i) => second.Grains.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 900 + i))));
        var done = await Task.WhenAll(ids.Select(id => second.Grains.GetGrain<ISessionGrain>(id).WaitForCompletion(TimeSpan.FromSeconds(60))));
        Assert.All(done, s => Assert.Equal(SessionStage.Completed, s.Stage));

        for (var i = 0; i < silos.Length; i++)
            silos[i].Services.GetRequiredService<ILoggerFactory>().CreateLogger("Counseling.Tests.Marker").LogWarning("marker of silo {Index}", i);

        var hosts = await first.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);
        foreach (var asker in silos)
        {
            for (var i = 0; i < silos.Length; i++)
            {
                var key = silos[i].Address.ToParsableString();
                var grain = asker.Grains.GetGrain<ISiloDiagnosticsGrain>(key);

                var statistics = await grain.Statistics();
                Assert.Equal(key, statistics.Silo);
                var own = silos[i].Services.GetRequiredService<SessionStatistics>().Snapshot(key);
                Assert.Equal(own.Finished.GetValueOrDefault("completed"), statistics.Finished.GetValueOrDefault("completed"));
                Assert.Equal(i == 1 ? 2 : 0, statistics.Finished.GetValueOrDefault("completed"));
                Assert.Equal(i == 1 ? 2 : 0, statistics.StageSeconds.GetValueOrDefault("prediction")?.Length ?? 0);

                var markers = (await grain.RecentLogs((int)LogLevel.Warning, 100)).Where(e => e.Category == "Counseling.Tests.Marker").ToArray();
                var marker = Assert.Single(markers);
                Assert.Equal($"marker of silo {i}", marker.Message);
                Assert.Equal(key, marker.Silo);

                var readiness = await grain.Readiness();
                Assert.Equal(["database", "sentiment_model", "outcome_model"], readiness.Checks.Select(c => c.Name));
                Assert.All(readiness.Checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Detail}"));
                Assert.Equal("reachable", readiness.Checks[0].Detail);
            }
        }

        // The history the stats read is the shared table: both silos count the same.
        foreach (var asker in silos)
        {
            var labels = await asker.Grains.GetGrain<IPredictionHistoryGrain>(0).CountByLabel();
            Assert.Equal(2, labels.Values.Sum());
            var page = await asker.Grains.GetGrain<IPredictionHistoryGrain>(0).Page(new HistoryFilter(null, null, null, 0, 1));
            Assert.Equal(2, page.Total);
            Assert.Single(page.Entries);
        }

        // A key naming no silo of the cluster is refused, not placed on some other silo.
        var gone = Orleans.Runtime.SiloAddress.New(System.Net.IPAddress.Loopback, 1, 1).ToParsableString();
        await Assert.ThrowsAnyAsync<Exception>(() => first.Grains.GetGrain<ISiloDiagnosticsGrain>(gone).Statistics());
    }
}
