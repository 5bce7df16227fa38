using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Sessions;

/// <summary>
/// What a session grain persists, written at every stage transition so another silo can resume it.
/// Stage outputs are kept as JSON of the pipeline's own records, which stay free of Orleans.
/// </summary>
[GenerateSerializer, Alias("counseling.session-state")]
public sealed class SessionState
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public SessionStage Stage { get; set; }
    [Id(2)] public string ContentHash { get; set; } = "";
    [Id(3)] public SessionSubmission? Submission { get; set; }
    [Id(4)] public string? SessionJson { get; set; }
    [Id(5)] public string? FeaturesJson { get; set; }
    [Id(6)] public float[]? Row { get; set; }
    [Id(7)] public OutcomeView? Prediction { get; set; }
    [Id(8)] public List<StageRecord> Stages { get; set; } = [];
    [Id(9)] public string? Error { get; set; }
    [Id(10)] public int Attempts { get; set; }
    [Id(11)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(12)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(13)] public bool CancelRequested { get; set; }
}
