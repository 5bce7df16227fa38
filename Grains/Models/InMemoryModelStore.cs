using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Models;

/// <summary>The embedded mode's registry store: one process, so a list under a lock is the table.</summary>
public sealed class InMemoryModelStore : IModelStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ModelEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _activatedAt = new(StringComparer.Ordinal);
    private string? _active;

    public Task<IReadOnlyList<ModelVersionInfo>> List()
    {
        lock (_lock)
        {
            IReadOnlyList<ModelVersionInfo> list = _entries.Values
                .OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Version, StringComparer.Ordinal)
                .Select(e => new ModelVersionInfo(e.Version, e.CreatedAt, e.Metrics, e.Version == _active,
                    _activatedAt.TryGetValue(e.Version, out var at) ? at : null))
                .ToArray();
            return Task.FromResult(list);
        }
    }

    public Task<bool> Add(ModelEntry entry)
    {
        lock (_lock) return Task.FromResult(_entries.TryAdd(entry.Version, entry));
    }

    public Task<bool> Activate(string version, bool onlyIfNoneActive)
    {
        lock (_lock)
        {
            if (!_entries.ContainsKey(version)) return Task.FromResult(false);
            if (onlyIfNoneActive && _active is not null) return Task.FromResult(_active == version);
            if (_active == version) return Task.FromResult(true);
            _active = version;
            _activatedAt[version] = DateTimeOffset.UtcNow;
            return Task.FromResult(true);
        }
    }

    public Task<ModelEntry?> Active()
    {
        lock (_lock) return Task.FromResult(_active is null ? null : _entries[_active]);
    }

    public Task<string?> Metadata(string version)
    {
        lock (_lock) return Task.FromResult(_entries.TryGetValue(version, out var entry) ? entry.Artifact.MetadataJson : null);
    }
}
