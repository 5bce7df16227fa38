using System.Globalization;
using Counseling.Api.Limits;
using Counseling.Api.Security;
using Counseling.Grains.Diagnostics;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Api.Operations;

/// <summary>
/// Cluster statistics. Two sources, named in the answer: the prediction history (durable, cluster-wide:
/// predictions by label and completions per minute, counted by the store) and the silos themselves (sessions
/// by status and stage latencies since each silo started, summed over the active silos).
/// </summary>
public static class StatsApi
{
    public const int DefaultMinutes = 10;
    public const int MaxMinutes = 1440;

    private static readonly (SessionStage Stage, string Name)[] Stages = [.. new[]
        { SessionStage.Preprocessing, SessionStage.Extracting, SessionStage.Building, SessionStage.Predicting }
        .Select(s => (s, SessionStatistics.StageName(s)))];

    public static RouteHandlerBuilder MapStatsApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/stats", Stats).WithTags("System")
            .RequireAuthorization(SecurityExtensions.ReadPolicy).RequireRateLimiting(RateLimitExtensions.PerCaller);

    private static async Task<IResult> Stats(HttpRequest http, IClusterClient cluster)
    {
        var minutes = DefaultMinutes;
        if (http.Query.TryGetValue("minutes", out var given)
            && !(int.TryParse(given.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out minutes) && minutes is >= 1 and <= MaxMinutes))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["minutes"] = [$"minutes must be a whole number from 1 to {MaxMinutes}."] });

        var now = DateTimeOffset.UtcNow;
        var history = cluster.GetGrain<IPredictionHistoryGrain>(0);
        var labels = history.CountByLabel();
        // The window is whole minutes: the current minute plus the minutes-1 before it.
        var windowStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1 - minutes);
        var perMinute = history.CompletedPerMinute(windowStart);
        var hosts = cluster.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var silos = SiloRoster.AskEach(cluster, s => s.Statistics());
        await Task.WhenAll(labels, perMinute, hosts, silos);

        var answered = (await silos).Where(a => a.Value is not null).Select(a => a.Value!).ToArray();
        var byStatus = new Dictionary<string, long>
        {
            ["processing"] = answered.Sum(s => s.Running),
            ["completed"] = 0,
            ["failed"] = 0,
            ["cancelled"] = 0,
        };
        foreach (var (status, count) in answered.SelectMany(s => s.Finished)) byStatus[status] = byStatus.GetValueOrDefault(status) + count;

        // Every label appears, zero included; a label the store holds beyond the four (an older model's) too.
        var byLabel = OutcomeLabel.All.ToDictionary(l => l, _ => 0L);
        foreach (var (label, count) in await labels) byLabel[label] = count;

        var latencies = Stages.ToDictionary(s => s.Name, s =>
        {
            var sample = answered.SelectMany(a => a.StageSeconds.GetValueOrDefault(s.Name) ?? []).Order().ToArray();
            return new
            {
                count = sample.Length,
                p50_ms = sample.Length == 0 ? (double?)null : Math.Round(Percentiles.Of(sample, 50) * 1000, 3),
                p95_ms = sample.Length == 0 ? (double?)null : Math.Round(Percentiles.Of(sample, 95) * 1000, 3),
            };
        });

        var minuteCounts = await perMinute;
        var completedInWindow = minuteCounts.Sum(m => m.Completed);
        var running = (await silos).ToDictionary(a => a.Silo, a => a.Value);
        return Results.Ok(new
        {
            generated_at = now,
            sessions = new
            {
                by_status = byStatus,
                source = "silos: sessions run since each silo started, summed over the active silos",
                since = answered.Length == 0 ? (DateTimeOffset?)null : answered.Min(s => s.Since),
            },
            predictions = new
            {
                total = byLabel.Values.Sum(),
                by_label = byLabel,
                source = "prediction history",
            },
            stage_latencies = latencies,
            throughput = new
            {
                window_minutes = minutes,
                window_start = windowStart,
                completed = completedInWindow,
                per_minute_average = Math.Round((double)completedInWindow / minutes, 3),
                per_minute = minuteCounts.Select(m => new { minute = m.Minute, completed = m.Completed }),
            },
            silos = (await hosts).Where(h => h.Status != SiloStatus.Dead).OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal).Select(h => new
            {
                address = h.SiloAddress.ToParsableString(),
                name = h.SiloName,
                host = h.HostName,
                status = h.Status.ToString().ToLowerInvariant(),
                role = h.RoleName,
                started_at = h.StartTime,
                last_heartbeat = h.IAmAliveTime,
                running_sessions = running.GetValueOrDefault(h.SiloAddress.ToParsableString())?.Running,
                answered = running.TryGetValue(h.SiloAddress.ToParsableString(), out var answer) ? answer is not null : (bool?)null,
            }),
            dead_silos = (await hosts).Count(h => h.Status == SiloStatus.Dead),
        });
    }
}
