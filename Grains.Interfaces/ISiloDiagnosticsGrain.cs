namespace Counseling.Grains.Interfaces;

/// <summary>
/// What one silo knows about itself: its recent log entries, the sessions it ran and whether it is ready.
/// Keyed by the silo's address (<c>SiloAddress.ToParsableString()</c>) and placed on that silo, so the Api
/// asks every silo by asking one grain per active silo.
/// </summary>
[Alias("counseling.silo-diagnostics")]
public interface ISiloDiagnosticsGrain : IGrainWithStringKey
{
    /// <summary>Up to <paramref name="limit"/> entries at or above <paramref name="minimumLevel"/>, newest first.</summary>
    /// <param name="minimumLevel">A Microsoft.Extensions.Logging.LogLevel value.</param>
    [Alias("logs")]
    Task<IReadOnlyList<LogEntry>> RecentLogs(int minimumLevel, int limit);

    [Alias("statistics")]
    Task<SiloStatistics> Statistics();

    [Alias("readiness")]
    Task<SiloReadiness> Readiness();
}

/// <summary>One log entry as the silo kept it; see the log buffer for what is kept of the message.</summary>
[GenerateSerializer, Immutable, Alias("counseling.log-entry")]
public sealed record LogEntry(
    [property: Id(0)] DateTimeOffset Timestamp,
    [property: Id(1)] int Level,
    [property: Id(2)] string Category,
    [property: Id(3)] int EventId,
    [property: Id(4)] string? EventName,
    [property: Id(5)] string Message,
    [property: Id(6)] string? Exception,
    [property: Id(7)] string Silo);

/// <summary>
/// The sessions this silo ran since it started: how many are running now, how many ended in each final
/// status, and the most recent stage durations (a bounded sample per stage, in seconds).
/// </summary>
[GenerateSerializer, Immutable, Alias("counseling.silo-statistics")]
public sealed record SiloStatistics(
    [property: Id(0)] string Silo,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] long Running,
    [property: Id(3)] IReadOnlyDictionary<string, long> Finished,
    [property: Id(4)] IReadOnlyDictionary<string, double[]> StageSeconds);

/// <summary>One readiness check: null <see cref="Failure"/> means it passed.</summary>
[GenerateSerializer, Immutable, Alias("counseling.readiness-check")]
public sealed record ReadinessCheck(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Passed,
    [property: Id(2)] string Detail);

[GenerateSerializer, Immutable, Alias("counseling.silo-readiness")]
public sealed record SiloReadiness(
    [property: Id(0)] string Silo,
    [property: Id(1)] IReadOnlyList<ReadinessCheck> Checks);
