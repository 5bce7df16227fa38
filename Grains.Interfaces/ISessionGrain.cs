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

    /// <summary>Stores the session without starting it; the same content again changes nothing, and a session in the pipeline is left alone.</summary>
    [Alias("upload")]
    Task<UploadReceipt> Upload(SessionSubmission submission);

    /// <summary>Starts an uploaded session; any other session is returned as it is, so starting twice does the work once.</summary>
    [Alias("start")]
    Task<SessionSnapshot> Start();

    /// <summary>The stored submission, text included, or null when there is none.</summary>
    [Alias("submission")]
    Task<SessionSubmission?> GetSubmission();

    [Alias("snapshot")]
    Task<SessionSnapshot> GetSnapshot();

    /// <summary>The snapshot once the session is final, or as it is when <paramref name="timeout"/> passes.</summary>
    [Alias("wait")]
    Task<SessionSnapshot> WaitForCompletion(TimeSpan timeout);

    /// <summary>Stops the work between stages; a final session stays as it is.</summary>
    [Alias("cancel")]
    Task<SessionSnapshot> Cancel();

    /// <summary>
    /// The resume sweep's nudge: a session underway that is not running resumes from its last stage; one that has
    /// ended drops its stale schedule entry.
    /// </summary>
    [Alias("resume")]
    Task Resume();

    /// <summary>Removes the session's state, text included.</summary>
    [Alias("delete")]
    Task Delete();
}

[GenerateSerializer, Alias("counseling.upload-outcome")]
public enum UploadOutcome
{
    /// <summary>Stored as a new upload (a first one, or other content over a final session).</summary>
    Stored = 0,
    /// <summary>The same content was there already; nothing changed.</summary>
    Unchanged = 1,
    /// <summary>Other content while the session is in the pipeline; the upload was not stored.</summary>
    Busy = 2,
}

[GenerateSerializer, Immutable, Alias("counseling.upload-receipt")]
public sealed record UploadReceipt([property: Id(0)] SessionSnapshot Snapshot, [property: Id(1)] UploadOutcome Outcome);
