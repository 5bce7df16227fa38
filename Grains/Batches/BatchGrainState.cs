using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Batches;

/// <summary>
/// What a batch persists: its sessions by id and what it last saw of each, never their text (the session
/// grains hold that, sealed).
/// </summary>
[GenerateSerializer, Alias("counseling.batch-grain-state")]
public sealed class BatchGrainState
{
    [Id(0)] public BatchState State { get; set; }
    [Id(1)] public int MaxConcurrent { get; set; } = 1;
    [Id(2)] public List<BatchItem> Items { get; set; } = [];
    [Id(3)] public bool CancelRequested { get; set; }
    [Id(4)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(6)] public int PeakInFlight { get; set; }
}

[GenerateSerializer, Alias("counseling.batch-item")]
public sealed class BatchItem
{
    [Id(0)] public string SessionId { get; set; } = "";
    [Id(1)] public bool Started { get; set; }
    [Id(2)] public SessionStage LastStage { get; set; }
    [Id(3)] public string? Prediction { get; set; }
    [Id(4)] public double? Confidence { get; set; }
    [Id(5)] public string? Error { get; set; }

    /// <summary>
    /// The session has answered at least once. Started alone is not enough to read <see cref="LastStage"/>: a start
    /// that failed (its silo stopping) leaves the stage at None, which must mean "ask again", not "no such session".
    /// </summary>
    [Id(6)] public bool Seen { get; set; }

    /// <summary>Nothing more to follow: the session is final, or there was none to start.</summary>
    public bool Done => Started && Seen && (LastStage.IsFinal() || LastStage == SessionStage.None);

    /// <summary>
    /// Takes what the session answered. Answers to a cancel and to a wait can arrive in either order, so an
    /// earlier "processing" never overwrites an end already seen.
    /// </summary>
    public void Record(SessionSnapshot snapshot)
    {
        if (Seen && LastStage.IsFinal() && !snapshot.Stage.IsFinal()) return;
        Seen = true;
        LastStage = snapshot.Stage;
        Prediction = snapshot.Prediction?.Label;
        Confidence = snapshot.Prediction?.Confidence;
        Error = snapshot.Error;
    }

    public string Status => !Started ? "pending" : !Seen ? "processing" : LastStage == SessionStage.None ? "not_found" : LastStage.Status();
}
