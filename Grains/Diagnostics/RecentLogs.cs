using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Diagnostics;

/// <summary>
/// The last <see cref="Capacity"/> log entries of this process, oldest overwritten first. Written from every
/// thread that logs, so a lock guards it; a log call costs one lock and one slot, no allocation beyond the entry.
/// </summary>
public sealed class RecentLogs(int capacity = RecentLogs.DefaultCapacity)
{
    public const int DefaultCapacity = 2000;

    private readonly LogEntry[] _slots = new LogEntry[capacity];
    private readonly Lock _lock = new();
    private long _written;

    public int Capacity => _slots.Length;

    public void Add(LogEntry entry)
    {
        lock (_lock)
        {
            _slots[_written % _slots.Length] = entry;
            _written++;
        }
    }

    /// <summary>Entries at or above <paramref name="minimumLevel"/>, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<LogEntry> Newest(int minimumLevel, int limit)
    {
        var found = new List<LogEntry>(Math.Min(limit, _slots.Length));
        lock (_lock)
        {
            var held = Math.Min(_written, _slots.Length);
            for (long i = 1; i <= held && found.Count < limit; i++)
            {
                var entry = _slots[(_written - i) % _slots.Length];
                if (entry.Level >= minimumLevel) found.Add(entry);
            }
        }
        return found;
    }
}
