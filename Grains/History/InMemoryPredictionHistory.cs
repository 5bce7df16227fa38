using System.Collections.Concurrent;

namespace Counseling.Grains.History;

/// <summary>The embedded mode's history: one process, so a dictionary is the table.</summary>
public sealed class InMemoryPredictionHistory : IPredictionHistory
{
    private readonly ConcurrentDictionary<(string SessionId, int Version), PredictionRecord> _rows = new();

    public Task Record(PredictionRecord record)
    {
        _rows.TryAdd((record.SessionId, record.SessionVersion), record);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PredictionRecord>> Query(HistoryQuery query)
    {
        IReadOnlyList<PredictionRecord> rows = Matching(query)
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.SessionId, StringComparer.Ordinal)
            .Skip(query.Offset).Take(query.Limit).ToArray();
        return Task.FromResult(rows);
    }

    public Task Delete(string sessionId)
    {
        foreach (var key in _rows.Keys.Where(k => k.SessionId == sessionId)) _rows.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task<long> Count(HistoryQuery query) => Task.FromResult((long)Matching(query).Count());

    public Task<IReadOnlyDictionary<string, long>> CountByLabel()
    {
        IReadOnlyDictionary<string, long> counts = _rows.Values.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => (long)g.Count());
        return Task.FromResult(counts);
    }

    public Task<IReadOnlyList<(DateTimeOffset Minute, long Completed)>> CompletedPerMinute(DateTimeOffset since)
    {
        IReadOnlyList<(DateTimeOffset, long)> minutes = _rows.Values.Where(r => r.CompletedAt >= since)
            .GroupBy(r => WholeMinute(r.CompletedAt)).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())).ToArray();
        return Task.FromResult(minutes);
    }

    private IEnumerable<PredictionRecord> Matching(HistoryQuery query) => _rows.Values
        .Where(r => (query.From is null || r.CreatedAt >= query.From) && (query.To is null || r.CreatedAt < query.To)
            && (query.Label is null || r.Label == query.Label));

    private static DateTimeOffset WholeMinute(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }
}
