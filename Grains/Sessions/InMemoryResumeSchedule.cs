namespace Counseling.Grains.Sessions;

/// <summary>The embedded default's schedule: one process, so it lives and dies with the sessions it lists.</summary>
public sealed class InMemoryResumeSchedule : IResumeSchedule
{
    private readonly Dictionary<string, DateTimeOffset> _entries = new(StringComparer.Ordinal);

    public Task Schedule(string sessionId, DateTimeOffset due)
    {
        lock (_entries) _entries[sessionId] = due;
        return Task.CompletedTask;
    }

    public Task Clear(string sessionId)
    {
        lock (_entries) _entries.Remove(sessionId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ClaimDue(DateTimeOffset now, DateTimeOffset next, int max)
    {
        lock (_entries)
        {
            var due = _entries.Where(e => e.Value <= now).OrderBy(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(max)
                .Select(e => e.Key).ToList();
            foreach (var sessionId in due) _entries[sessionId] = next;
            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }
}
