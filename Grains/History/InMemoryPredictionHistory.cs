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
        IReadOnlyList<PredictionRecord> rows = _rows.Values
            .Where(r => (query.From is null || r.CreatedAt >= query.From) && (query.To is null || r.CreatedAt < query.To)
                && (query.Label is null || r.Label == query.Label))
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.SessionId, StringComparer.Ordinal)
            .Skip(query.Offset).Take(query.Limit).ToArray();
        return Task.FromResult(rows);
    }

    public Task Delete(string sessionId)
    {
        foreach (var key in _rows.Keys.Where(k => k.SessionId == sessionId)) _rows.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
