namespace Counseling.Grains.Sessions;

/// <summary>
/// Where the sessions underway are written down, so that one whose silo died is picked up by another. Every
/// silo sweeps it (<see cref="ResumeSweep"/>) and nudges what is due. It stands in for one Orleans reminder per
/// session: a reminder is a row written and deleted through the reminder service of the silo that owns the
/// grain's hash range, which with two silos meant a call to the other process for half of all sessions.
/// </summary>
public interface IResumeSchedule
{
    /// <summary>The session is underway: nudge it at <paramref name="due"/> unless it ends first.</summary>
    Task Schedule(string sessionId, DateTimeOffset due);

    /// <summary>The session ended or was deleted: nothing to resume.</summary>
    Task Clear(string sessionId);

    /// <summary>
    /// The ids of at most <paramref name="max"/> sessions due by <paramref name="now"/>, each moved on to
    /// <paramref name="next"/> as it is claimed, so another silo sweeping at the same moment gets others.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDue(DateTimeOffset now, DateTimeOffset next, int max);
}
