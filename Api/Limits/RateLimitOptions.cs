namespace Counseling.Api.Limits;

/// <summary>The <c>RateLimit</c> section: requests per second each caller may make.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public int PermitsPerSecond { get; set; } = 100;
}

/// <summary>
/// The <c>Saturation</c> section: how many realtime requests may wait on the cluster at once, and how few may
/// queue behind them before the rest are told to come back later.
/// </summary>
public sealed class SaturationOptions
{
    public const string Section = "Saturation";

    public int RealtimeConcurrency { get; set; } = 64;

    public int RealtimeQueue { get; set; } = 16;

    public int RetryAfterSeconds { get; set; } = 1;
}
