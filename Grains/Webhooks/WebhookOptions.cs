namespace Counseling.Grains.Webhooks;

/// <summary>
/// The <c>Webhooks</c> section, plus the two Callytics variables: <c>CALLYTICS_API_ENDPOINT</c> (where results go
/// when a request names no callback_url) and <c>CALLYTICS_API_KEY</c> (sent as X-API-Key).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>HMAC-SHA256 key for the X-Signature header. Without one no callback is accepted or sent.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Hosts a callback_url may name: exact names, or <c>*.example.com</c> for any subdomain.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Plain http lets anyone on the path read and alter results; only for local development.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Loopback, private and link-local targets would let a caller reach inside the cluster's network.</summary>
    public bool AllowPrivateNetworks { get; set; }

    public string? CallyticsEndpoint { get; set; }
    public string? CallyticsApiKey { get; set; }

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after the session finished a delivery keeps being retried before it is marked failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The backstop reminder's period; Orleans refuses less than its MinimumReminderPeriod (a minute by default).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where a finished session's result goes: its own callback_url, else the configured Callytics endpoint.</summary>
    public string? TargetFor(string? callbackUrl) =>
        !string.IsNullOrWhiteSpace(callbackUrl) ? callbackUrl : string.IsNullOrWhiteSpace(CallyticsEndpoint) ? null : CallyticsEndpoint;

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1, after <paramref name="attempt"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
