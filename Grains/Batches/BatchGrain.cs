using Counseling.Grains.Interfaces;
using Counseling.Grains.Sessions;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Counseling.Grains.Batches;

/// <summary>
/// Runs stored sessions with at most <see cref="BatchGrainState.MaxConcurrent"/> in flight: that many workers
/// each start one session, follow it to its end, then take the next. Each session finishing is persisted, so a
/// batch deactivated mid-way (its silo stopping) resumes where it was on activation, and a reminder activates it
/// if nothing else does. Reentrant so progress queries and a cancel answer while the workers wait on sessions.
/// A session once started is followed to its end even after a cancel, and what the batch records of it only
/// moves forward, so the batch's record converges on what the session says.
/// </summary>
[Reentrant]
public sealed class BatchGrain(
    [PersistentState("batch", StorageNames.Sessions)] IPersistentState<BatchGrainState> state,
    ILogger<BatchGrain> logger) : Grain, IBatchGrain, IRemindable
{
    public const int MaxConcurrentLimit = 20;
    private const string ResumeReminder = "resume";
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);
    // Below the grain call timeout (30 s), so a wait on a long session is several calls rather than one that times out.
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(10);
    private const int MaxFollowFailures = 3;

    // The workers' writes and a cancel's writes would otherwise overlap and fail each other's ETag check.
    private readonly SemaphoreSlim _writing = new(1, 1);
    // Start and Cancel each await several calls; interleaved, a cancel could put sessions back in the upload
    // registry before the start had taken them out of it.
    private readonly SemaphoreSlim _control = new(1, 1);
    private Task? _running;
    private bool _deactivating;
    private int _inFlight;
    private readonly HashSet<string> _starting = new(StringComparer.Ordinal);

    private string BatchKeyString => this.GetPrimaryKeyString();

    public Task<BatchView> Start(BatchOrder order) => Exclusively(() => StartOnce(order));

    private async Task<BatchView> StartOnce(BatchOrder order)
    {
        if (state.State.State != BatchState.None) return View();
        var s = state.State;
        s.State = BatchState.Running;
        s.MaxConcurrent = Math.Clamp(order.MaxConcurrent, 1, MaxConcurrentLimit);
        s.Items = order.SessionIds.Distinct(StringComparer.Ordinal).Select(id => new BatchItem { SessionId = id }).ToList();
        s.CreatedAt = DateTimeOffset.UtcNow;
        if (s.Items.Count == 0)
        {
            s.State = BatchState.Completed;
            s.FinishedAt = s.CreatedAt;
        }
        await Persist();
        if (s.State != BatchState.Running) return View();
        // The ids are this batch's now; a cancel puts back the ones it never started.
        await GrainFactory.GetGrain<IUploadRegistryGrain>(0).Remove(s.Items.Select(i => i.SessionId).ToArray());
        await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
        StartRunning();
        return View();
    }

    public Task<BatchView> GetView() => Task.FromResult(View());

    public Task<BatchView> Cancel() => Exclusively(CancelOnce);

    private async Task<BatchView> Exclusively(Func<Task<BatchView>> change)
    {
        await _control.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            _control.Release();
        }
    }

    private async Task<BatchView> CancelOnce()
    {
        var s = state.State;
        if (s.State != BatchState.Running) return View();
        s.CancelRequested = true;
        s.State = BatchState.Cancelled;
        s.FinishedAt = DateTimeOffset.UtcNow;
        await Persist();

        // A session whose start is still on its way is cancelled by its worker once the start returns: a cancel
        // racing the start would have the session write its state twice at once.
        var inFlight = s.Items.Where(i => i.Started && !i.Done && !_starting.Contains(i.SessionId)).ToList();
        await Task.WhenAll(inFlight.Select(CancelSession));
        var unstarted = s.Items.Where(i => !i.Started).Select(i => i.SessionId).ToArray();
        if (unstarted.Length > 0) await GrainFactory.GetGrain<IUploadRegistryGrain>(0).Add(unstarted);
        await Persist();
        // The started ones end at their next stage; the batch follows them there, and its reminder stays until they have.
        if (HasWorkLeft) StartRunning();
        else await Unregister();
        return View();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!HasWorkLeft) return Unregister();
        StartRunning();
        return Task.CompletedTask;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Stored before Seen existed: any stage recorded was an answer from the session.
        foreach (var item in state.State.Items.Where(i => i.Started && !i.Seen && i.LastStage != SessionStage.None)) item.Seen = true;
        if (HasWorkLeft) StartRunning();
        return Task.CompletedTask;
    }

    /// <summary>Sessions still to run, or started ones whose end the batch has not yet seen (a cancelled batch has those too).</summary>
    private bool HasWorkLeft => state.State.State switch
    {
        BatchState.Running => true,
        BatchState.Cancelled => state.State.Items.Any(i => i.Started && !i.Done),
        _ => false,
    };

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Workers take no further session; those in flight run on in their own grains and are followed again on activation.
        _deactivating = true;
        if (_running is not { IsCompleted: false } running) return;
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Batch {Batch} deactivated while following its sessions; it resumes on activation", BatchKeyString);
        }
    }

    private void StartRunning()
    {
        if (_deactivating || _running is { IsCompleted: false }) return;
        _running = Run();
    }

    private async Task Run()
    {
        var s = state.State;
        var next = 0;
        // One grain, one thread at a time: the workers share `next` without a lock.
        async Task Worker()
        {
            while (!_deactivating && !s.CancelRequested)
            {
                while (next < s.Items.Count && s.Items[next].Done) next++;
                if (next >= s.Items.Count) return;
                _inFlight++;
                s.PeakInFlight = Math.Max(s.PeakInFlight, _inFlight);
                try
                {
                    await Follow(s.Items[next++]);
                }
                finally
                {
                    _inFlight--;
                }
            }
        }

        if (s.State == BatchState.Running) await Task.WhenAll(Enumerable.Range(0, s.MaxConcurrent).Select(_ => Worker()));
        // After a cancel, started sessions nobody follows any more (a follow that gave up, or one begun before the
        // cancel and cut short) are followed to their end; the workers are done, so none is followed twice, and
        // none is started (Follow cancels), so max_concurrent holds.
        if (!_deactivating && s.CancelRequested) await Task.WhenAll(s.Items.Where(i => i.Started && !i.Done).ToList().Select(Follow));
        if (_deactivating) return;
        if (s.Items.Any(i => i.Started && !i.Done)) return; // a session could not be followed; the reminder tries again
        if (s.State == BatchState.Running)
        {
            if (s.Items.Any(i => !i.Done)) return;
            s.State = BatchState.Completed;
            s.FinishedAt = DateTimeOffset.UtcNow;
            await Persist();
        }
        await Unregister();
    }

    private async Task Follow(BatchItem item)
    {
        var session = GrainFactory.GetGrain<ISessionGrain>(item.SessionId);
        item.Started = true;
        for (var failures = 0; ; )
        {
            try
            {
                _starting.Add(item.SessionId);
                var cancelling = state.State.CancelRequested;
                SessionSnapshot snapshot;
                try
                {
                    // After a cancel, a session this batch may never have reached is cancelled rather than started.
                    snapshot = cancelling ? await session.Cancel() : await session.Start();
                }
                finally
                {
                    _starting.Remove(item.SessionId);
                }
                item.Record(snapshot);
                if (!cancelling && state.State.CancelRequested && snapshot.Stage.IsUnderway())
                {
                    snapshot = await session.Cancel();
                    item.Record(snapshot);
                }
                while (snapshot.Stage.IsUnderway() && !_deactivating)
                {
                    snapshot = await session.WaitForCompletion(WaitSlice);
                    item.Record(snapshot);
                }
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The session runs on without us; only following it failed (a silo going away, a timeout).
                logger.LogWarning("Batch {Batch} lost track of session {SessionId}: {Error}", BatchKeyString, item.SessionId, e.GetType().Name);
                if (++failures >= MaxFollowFailures || _deactivating) break;
                await Task.Delay(TimeSpan.FromSeconds(failures));
            }
        }
        await Persist();
    }

    private async Task CancelSession(BatchItem item)
    {
        try
        {
            item.Record(await GrainFactory.GetGrain<ISessionGrain>(item.SessionId).Cancel());
        }
        catch (Exception e)
        {
            // The session may have been writing a stage at the same moment; it stops at the next stage or ends on its own.
            logger.LogWarning("Batch {Batch} could not cancel session {SessionId}: {Error}", BatchKeyString, item.SessionId, e.GetType().Name);
        }
    }

    private async Task Persist()
    {
        await _writing.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task Unregister()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private BatchView View()
    {
        var s = state.State;
        return new BatchView(s.State, s.MaxConcurrent,
            s.Items.Select(i => new BatchSessionView(i.SessionId, i.Status, i.Prediction, i.Confidence, i.Error)).ToArray(),
            s.CreatedAt, s.FinishedAt, s.PeakInFlight);
    }
}
