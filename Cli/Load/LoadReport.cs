using System.Globalization;
using System.Text;
using System.Text.Json;
using Counseling.Cli.Commands;

namespace Counseling.Cli.Load;

/// <summary>What a load run measured. Errors are every answer outside 2xx plus transport failures, by status.</summary>
public sealed record LoadReport
{
    public required LoadMode Mode { get; init; }

    public required int Clients { get; init; }

    public double? Rate { get; init; }

    public required int Turns { get; init; }

    public required int Sent { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Answers by HTTP status; 0 stands for no answer (connection refused, reset, timeout).</summary>
    public required IReadOnlyDictionary<int, int> ByStatus { get; init; }

    public required LatencyFigures Latency { get; init; }

    /// <summary>Realtime requests answered 202 because the result took longer than the realtime wait.</summary>
    public int LateAnswers { get; init; }

    /// <summary>Requests that needed at least one resend (see <see cref="LoadOptions.RetryFor"/>), and resends in all.</summary>
    public int Resent { get; init; }

    public int Resends { get; init; }

    /// <summary>Background mode: sessions seen final after the run, and how long until the last one was.</summary>
    public int? Completed { get; init; }

    public int? NotFinished { get; init; }

    public double? DrainSeconds { get; init; }

    public int Errors => ByStatus.Where(s => s.Key is < 200 or >= 300).Sum(s => s.Value);

    public double RequestsPerSecond => Seconds > 0 ? Sent / Seconds : 0;

    /// <summary>Background mode: sessions completed per second from the first request to the last completion.</summary>
    public double? CompletedPerSecond => Completed is { } done && DrainSeconds is { } drain && Seconds + drain > 0 ? done / (Seconds + drain) : null;

    public string Table()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var loop = Rate is { } r ? string.Create(c, $"open loop at {r:0.#}/s, at most {Clients} in flight") : $"closed loop, {Clients} clients";
        text.AppendLine(c, $"{Mode.ToString().ToLowerInvariant()} process-data, {Turns}-turn dialogues, {loop}");
        text.AppendLine(c, $"  requests     {Sent,10} in {Seconds:0.00} s = {RequestsPerSecond:0.0} req/s");
        text.AppendLine(c, $"  latency ms   p50 {Latency.P50,8:0.0}   p95 {Latency.P95,8:0.0}   p99 {Latency.P99,8:0.0}   max {Latency.Max,8:0.0}");
        text.AppendLine(c, $"  errors       {Errors,10}");
        foreach (var (status, count) in ByStatus.OrderBy(s => s.Key))
            text.AppendLine(c, $"    {(status == 0 ? "no answer" : status.ToString(c)),-9} {count,10}");
        if (Resends > 0) text.AppendLine(c, $"  resent       {Resent,10} requests, {Resends} resends in all");
        if (Mode == LoadMode.Realtime) text.AppendLine(c, $"  answered 202 (past the realtime wait) {LateAnswers}");
        if (Completed is not null)
            text.AppendLine(c, $"  completed    {Completed,10} ({NotFinished} not final) {DrainSeconds:0.00} s after the last request = {CompletedPerSecond:0.0} sessions/s overall");
        return text.ToString();
    }

    public string JsonLine() => JsonSerializer.Serialize(new
    {
        mode = Mode.ToString().ToLowerInvariant(),
        clients = Clients,
        rate = Rate,
        turns = Turns,
        requests = Sent,
        seconds = Math.Round(Seconds, 3),
        requests_per_second = Math.Round(RequestsPerSecond, 1),
        p50_ms = Math.Round(Latency.P50, 1),
        p95_ms = Math.Round(Latency.P95, 1),
        p99_ms = Math.Round(Latency.P99, 1),
        max_ms = Math.Round(Latency.Max, 1),
        errors = Errors,
        by_status = ByStatus.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
        resent = Resent,
        resends = Resends,
        late_answers = Mode == LoadMode.Realtime ? LateAnswers : (int?)null,
        completed = Completed,
        not_finished = NotFinished,
        completed_per_second = CompletedPerSecond is { } cps ? Math.Round(cps, 1) : (double?)null,
    }, CliJson.Line);
}
