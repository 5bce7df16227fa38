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

    /// <summary>Nothing more to follow: the session is final, or there was none to start.</summary>
    public bool Done => Started && (LastStage.IsFinal() || LastStage == SessionStage.None);

    public string Status => !Started ? "pending" : LastStage == SessionStage.None ? "not_found" : LastStage.Status();
}
