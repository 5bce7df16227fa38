using Counseling.Grains.Interfaces;
using Counseling.Grains.Sessions;

namespace Counseling.Grains.Batches;

/// <summary>
/// The uploaded-not-started session ids. Processing tasks take their ids off when they start and put back
/// the ones a cancel left unstarted, so the list changes per upload and per task, not per session run.
/// </summary>
public sealed class UploadRegistryGrain(
    [PersistentState("uploads", StorageNames.Sessions)] IPersistentState<UploadRegistryState> state) : Grain, IUploadRegistryGrain
{
    private HashSet<string>? _listed;

    private HashSet<string> Listed => _listed ??= new HashSet<string>(state.State.SessionIds, StringComparer.Ordinal);

    public async Task Add(IReadOnlyList<string> sessionIds)
    {
        var added = false;
        foreach (var id in sessionIds)
        {
            if (!Listed.Add(id)) continue;
            state.State.SessionIds.Add(id);
            added = true;
        }
        if (added) await state.WriteStateAsync();
    }

    public async Task Remove(IReadOnlyList<string> sessionIds)
    {
        var gone = sessionIds.Where(Listed.Remove).ToHashSet(StringComparer.Ordinal);
        if (gone.Count == 0) return;
        state.State.SessionIds.RemoveAll(gone.Contains);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> Pending() => Task.FromResult<IReadOnlyList<string>>(state.State.SessionIds.ToArray());
}
