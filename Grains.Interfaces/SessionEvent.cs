namespace Counseling.Grains.Interfaces;

/// <summary>
/// What happened to a session, as announced cluster-wide: never the consultation text, only the stage
/// and, once completed, the predicted label.
/// </summary>
[GenerateSerializer, Immutable, Alias("counseling.session-event")]
public sealed record SessionEvent(
    [property: Id(0)] string SessionId,
    [property: Id(1)] SessionEventKind Kind,
    [property: Id(2)] SessionStage Stage,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Label = null);

[GenerateSerializer, Alias("counseling.session-event-kind")]
public enum SessionEventKind
{
    Accepted = 0,
    StageFinished = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
}
