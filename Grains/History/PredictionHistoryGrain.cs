using Counseling.Grains.Interfaces;
using Orleans.Concurrency;

namespace Counseling.Grains.History;

/// <summary>
/// Reads the silo's <see cref="IPredictionHistory"/> for callers outside the silo. A stateless worker: every
/// silo answers from its own copy of the store (all of them share one database), and reads run in parallel.
/// </summary>
[StatelessWorker]
public sealed class PredictionHistoryGrain(IPredictionHistory history) : Grain, IPredictionHistoryGrain
{
    public async Task<HistoryPage> Page(HistoryFilter filter)
    {
        var query = new HistoryQuery(filter.From, filter.To, filter.Label, filter.Offset, filter.Limit);
        var rows = history.Query(query);
        var total = history.Count(query);
        await Task.WhenAll(rows, total);
        return new HistoryPage((await rows).Select(r => new HistoryEntry(r.SessionId, r.SessionVersion, r.Label, r.Confidence,
            r.Probabilities, r.ModelVersion, r.CreatedAt, r.CompletedAt)).ToArray(), await total);
    }

    public Task<IReadOnlyDictionary<string, long>> CountByLabel() => history.CountByLabel();

    public async Task<IReadOnlyList<MinuteCount>> CompletedPerMinute(DateTimeOffset since) =>
        (await history.CompletedPerMinute(since)).Select(m => new MinuteCount(m.Minute, m.Completed)).ToArray();
}
