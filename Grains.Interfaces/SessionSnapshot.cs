namespace Counseling.Grains.Interfaces;

/// <summary>The state of one session as callers see it.</summary>
/// <param name="FeaturesJson">The extracted features as the API returns them (snake_case JSON), once extracted.</param>
[GenerateSerializer, Immutable, Alias("counseling.session-snapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] string SessionId,
    [property: Id(1)] int Version,
    [property: Id(2)] SessionStage Stage,
    [property: Id(3)] OutcomeView? Prediction,
    [property: Id(4)] IReadOnlyList<StageRecord> Stages,
    [property: Id(5)] string? Error,
    [property: Id(6)] DateTimeOffset? CreatedAt,
    [property: Id(7)] DateTimeOffset? UpdatedAt,
    [property: Id(8)] string? FeaturesJson,
    [property: Id(9)] int Attempts)
{
    public string Status => Stage.Status();
}
