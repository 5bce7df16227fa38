using System.Text.RegularExpressions;

namespace Counseling.Api;

/// <summary>The product brief's limits on what Callytics may send.</summary>
public static partial class CallyticsLimits
{
    public const int MaxRequestBytes = 5 * 1024 * 1024;
    public const int MaxSessionIdLength = 50;
    public const int MaxContentLength = 10_000;
    public static readonly TimeSpan RealtimeWait = TimeSpan.FromSeconds(30);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,50}$")]
    public static partial Regex SessionId();
}
