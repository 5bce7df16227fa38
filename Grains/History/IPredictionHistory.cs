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

    /// <summary>How many rows the query's filters match; its offset and limit are ignored.</summary>
    Task<long> Count(HistoryQuery query);

    /// <summary>Rows per label, counted by the store rather than by loading the rows.</summary>
    Task<IReadOnlyDictionary<string, long>> CountByLabel();

    /// <summary>Rows completed per whole minute (UTC) since <paramref name="since"/>, oldest first; empty minutes left out.</summary>
    Task<IReadOnlyList<(DateTimeOffset Minute, long Completed)>> CompletedPerMinute(DateTimeOffset since);
}
