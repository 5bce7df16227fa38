namespace Counseling.Grains.Sessions;

/// <summary>
/// How often an unfinished session is nudged to resume (<c>Sessions:ResumePeriodSeconds</c>), and how long it
/// may take in all before it fails as timed out (<c>Sessions:TimeoutSeconds</c>).
/// </summary>
public sealed class SessionResumeOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// A minute by default: it bounds how long a session orphaned by a dead silo waits before another silo's
    /// resume sweep picks it up; each silo sweeps a few times a period.
    /// </summary>
    public int ResumePeriodSeconds { get; set; } = 60;

    public TimeSpan ResumePeriod => TimeSpan.FromSeconds(Math.Max(1, ResumePeriodSeconds));

    /// <summary>The product brief's 10 minutes for background work, counted from acceptance.</summary>
    public int TimeoutSeconds { get; set; } = 600;

    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, TimeoutSeconds));
}
