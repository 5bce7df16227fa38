using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Sessions;

/// <summary>
/// What a session grain persists, written at every stage transition so another silo can resume it.
/// The consultation text and what is derived from it (the features name its nouns and places) are stored
/// sealed by <see cref="Privacy.ConsultationCipher"/>; the parsed dialogue is not stored at all, because
/// parsing again on resume costs less than writing it at every transition.
/// </summary>
[GenerateSerializer, Alias("counseling.session-state")]
public sealed class SessionState
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public SessionStage Stage { get; set; }
    [Id(2)] public string ContentHash { get; set; } = "";
    [Id(14)] public byte[]? SealedSubmission { get; set; }
    [Id(15)] public int Priority { get; set; } = 3;
    [Id(16)] public string? CallbackUrl { get; set; }
    [Id(17)] public byte[]? SealedFeatures { get; set; }
    [Id(6)] public EncodedRow? Row { get; set; }
    [Id(7)] public OutcomeView? Prediction { get; set; }
    [Id(8)] public List<StageRecord> Stages { get; set; } = [];
    [Id(9)] public string? Error { get; set; }
    [Id(10)] public int Attempts { get; set; }
    [Id(11)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(12)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(13)] public bool CancelRequested { get; set; }
}
