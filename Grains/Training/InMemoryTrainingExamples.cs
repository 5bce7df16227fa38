using System.Collections.Concurrent;

namespace Counseling.Grains.Training;

/// <summary>The embedded mode's training examples: one process, so a dictionary is the table.</summary>
public sealed class InMemoryTrainingExamples : ITrainingExamples
{
    private readonly ConcurrentDictionary<string, TrainingExample> _examples = new(StringComparer.Ordinal);

    public Task Record(TrainingExample example)
    {
        // A resumed session may record an older version late; the newest version of a session wins.
        _examples.AddOrUpdate(example.SessionId, example, (_, old) => old.SessionVersion > example.SessionVersion ? old : example);
        return Task.CompletedTask;
    }

    public Task Delete(string sessionId)
    {
        _examples.TryRemove(sessionId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TrainingExample>> List()
    {
        IReadOnlyList<TrainingExample> list = _examples.Values.OrderBy(e => e.SessionId, StringComparer.Ordinal).ToArray();
        return Task.FromResult(list);
    }

    public Task<IReadOnlyDictionary<string, int>> CountByLabel()
    {
        IReadOnlyDictionary<string, int> counts = _examples.Values.GroupBy(e => e.Label, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return Task.FromResult(counts);
    }
}
