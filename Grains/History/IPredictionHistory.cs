namespace Counseling.Grains.History;

/// <summary>
/// Predictions across sessions. Writing the same (session, version) twice keeps one row, because a
/// session grain that crashed after writing may write again when it resumes.
/// </summary>
public interface IPredictionHistory
{
    Task Record(PredictionRecord record);

    Task<IReadOnlyList<PredictionRecord>> Query(HistoryQuery query);

    /// <summary>Every version of the session goes.</summary>
    Task Delete(string sessionId);
}
