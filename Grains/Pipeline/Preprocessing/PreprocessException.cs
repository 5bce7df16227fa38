namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>A record or file cannot become a session; the message names it and says why.</summary>
/// <param name="subject">The session id, or the file, the problem is about.</param>
/// <param name="reason">Why, in words a person fixing the input can act on.</param>
public sealed class PreprocessException(string subject, string reason, Exception? inner = null)
    : Exception($"{subject}: {reason}", inner)
{
    public string Subject { get; } = subject;
    public string Reason { get; } = reason;
}
