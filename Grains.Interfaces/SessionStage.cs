namespace Counseling.Grains.Interfaces;

/// <summary>Where a session is in the pipeline. Completed, Failed and Cancelled are final.</summary>
[GenerateSerializer, Alias("counseling.session-stage")]
public enum SessionStage
{
    None = 0,
    Received = 1,
    Preprocessing = 2,
    Extracting = 3,
    Building = 4,
    Predicting = 5,
    Completed = 6,
    Failed = 7,
    Cancelled = 8,
    /// <summary>Stored by an upload and not started: the pipeline runs when a processing task or a submission starts it.</summary>
    Uploaded = 9,
}

public static class SessionStages
{
    public static bool IsFinal(this SessionStage stage) => stage is SessionStage.Completed or SessionStage.Failed or SessionStage.Cancelled;

    /// <summary>In the pipeline: started and not yet final.</summary>
    public static bool IsUnderway(this SessionStage stage) => stage is not (SessionStage.None or SessionStage.Uploaded) && !stage.IsFinal();

    /// <summary>The status word the API reports: processing until the session is final.</summary>
    public static string Status(this SessionStage stage) => stage switch
    {
        SessionStage.None => "not_found",
        SessionStage.Completed => "completed",
        SessionStage.Failed => "failed",
        SessionStage.Cancelled => "cancelled",
        SessionStage.Uploaded => "uploaded",
        _ => "processing",
    };
}
