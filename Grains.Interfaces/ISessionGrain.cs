namespace Counseling.Grains.Interfaces;

/// <summary>
/// One counseling session (key = session_id): its pipeline state and status. Submitting the same content
/// again returns what exists; other content starts a new version of the session.
/// </summary>
[Alias("counseling.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    [Alias("submit")]
    Task<SessionSnapshot> Submit(SessionSubmission submission);

    [Alias("snapshot")]
    Task<SessionSnapshot> GetSnapshot();

    /// <summary>The snapshot once the session is final, or as it is when <paramref name="timeout"/> passes.</summary>
    [Alias("wait")]
    Task<SessionSnapshot> WaitForCompletion(TimeSpan timeout);

    /// <summary>Stops the work between stages; a final session stays as it is.</summary>
    [Alias("cancel")]
    Task<SessionSnapshot> Cancel();

    /// <summary>Removes the session's state, text included.</summary>
    [Alias("delete")]
    Task Delete();
}
