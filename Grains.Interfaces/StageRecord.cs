namespace Counseling.Grains.Interfaces;

/// <summary>How one stage of one session went.</summary>
[GenerateSerializer, Immutable, Alias("counseling.stage-record")]
public sealed record StageRecord(
    [property: Id(0)] SessionStage Stage,
    [property: Id(1)] string Status,
    [property: Id(2)] double DurationSeconds,
    [property: Id(3)] int FeaturesCount);
