namespace Counseling.Cli.Load;

public enum LoadMode
{
    Realtime,
    Background,
}

/// <summary>
/// One load run against the Api. Closed loop (<see cref="Rate"/> null): <see cref="Clients"/> callers each send
/// the next request as soon as the last one answered. Open loop: requests start at <see cref="Rate"/> per second
/// whatever the answers do, at most <see cref="Clients"/> in flight, and latency counts from the planned start,
/// so a slow server cannot hide its queueing by slowing the generator down.
/// </summary>
public sealed record LoadOptions
{
    public required Uri BaseAddress { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Session ids are <c>load-{RunId}-{n}</c>, so a run's sessions can be found afterwards.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..10];

    public LoadMode Mode { get; init; } = LoadMode.Realtime;

    public int Clients { get; init; } = 8;

    /// <summary>Stop starting requests after this long; null means run until <see cref="Requests"/> are sent.</summary>
    public TimeSpan? Duration { get; init; }

    public int? Requests { get; init; }

    public double? Rate { get; init; }

    /// <summary>Utterances per generated dialogue (±10 %).</summary>
    public int Turns { get; init; } = 40;

    public int Priority { get; init; } = 3;

    /// <summary>Requests before the measurement, to warm the server's JIT, pools and models.</summary>
    public int Warmup { get; init; } = 20;

    /// <summary>Background mode: how long to wait for accepted sessions to finish after the last request.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one request may keep being resent, with the same session id, after a 503 or no answer — what a
    /// caller honouring Retry-After does. Zero (the default) measures the first answer only.
    /// </summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.Zero;

    /// <summary>Sent as every request's callback_url, so the run's webhooks can be counted where they land.</summary>
    public string? CallbackUrl { get; init; }

    public IEnumerable<string> Problems()
    {
        if (!BaseAddress.IsAbsoluteUri) yield return "--url must be an absolute URL";
        if (Clients is < 1 or > 4096) yield return "--clients must be between 1 and 4096";
        if (Duration is null && Requests is null) yield return "give --duration or --requests";
        if (Duration is { } d && d <= TimeSpan.Zero) yield return "--duration must be positive";
        if (Requests is < 1) yield return "--requests must be at least 1";
        if (Rate is <= 0) yield return "--rate must be positive";
        if (Turns is < 2 or > 400) yield return "--turns must be between 2 and 400";
        if (Priority is < 1 or > 5) yield return "--priority must be between 1 and 5";
        if (RetryFor < TimeSpan.Zero) yield return "--retry-for must not be negative";
        if (CallbackUrl is not null && !Uri.TryCreate(CallbackUrl, UriKind.Absolute, out _)) yield return "--callback-url must be an absolute URL";
        if (Warmup < 0) yield return "--warmup must not be negative";
        if (RunId.Length is 0 or > 30 || !RunId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            yield return "--run-id must be 1–30 letters, digits, '-' or '_'";
    }
}
