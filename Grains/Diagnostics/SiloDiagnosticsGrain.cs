using Counseling.Grains.Interfaces;
using Counseling.Grains.Models;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Counseling.Grains.Diagnostics;

/// <summary>
/// One per silo (placed by its key, the silo address): reads that silo's log buffer and session statistics
/// and runs its readiness checks. Reentrant: it only reads thread-safe per-silo services.
/// </summary>
[SiloKeyedPlacement]
[Reentrant]
public sealed class SiloDiagnosticsGrain(RecentLogs logs, SessionStatistics statistics, IServiceProvider services)
    : Grain, ISiloDiagnosticsGrain
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(3);

    private string Silo => this.GetPrimaryKeyString();

    public Task<IReadOnlyList<LogEntry>> RecentLogs(int minimumLevel, int limit)
    {
        IReadOnlyList<LogEntry> entries = logs.Newest(minimumLevel, limit).Select(e => e with { Silo = Silo }).ToArray();
        return Task.FromResult(entries);
    }

    public Task<SiloStatistics> Statistics() => Task.FromResult(statistics.Snapshot(Silo));

    public async Task<SiloReadiness> Readiness() => new(Silo,
    [
        await Database(),
        // Resolving the models loads them if nothing has yet: a silo that cannot load one is not ready.
        Loaded("sentiment_model", () =>
        {
            services.GetRequiredService<SentimentScorer>();
            return "loaded";
        }),
        Loaded("outcome_model", () => $"version {services.GetRequiredService<ActiveOutcomeModel>().Current.Version}"),
    ]);

    private async Task<ReadinessCheck> Database()
    {
        if (services.GetService<IDatabaseProbe>() is not { } probe) return new ReadinessCheck("database", true, "not configured (embedded, in memory)");
        try
        {
            await probe.Check(DatabaseTimeout);
            return new ReadinessCheck("database", true, "reachable");
        }
        catch (Exception e)
        {
            // The type only: driver messages can name hosts and users, and this answer leaves the cluster.
            return new ReadinessCheck("database", false, $"unreachable ({e.GetType().Name})");
        }
    }

    private static ReadinessCheck Loaded(string name, Func<string> load)
    {
        try
        {
            return new ReadinessCheck(name, true, load());
        }
        catch (Exception e)
        {
            // /health is anonymous: the type says enough there, the silo's own log has the rest.
            return new ReadinessCheck(name, false, $"not loaded ({e.GetType().Name})");
        }
    }
}
