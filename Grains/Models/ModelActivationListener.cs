using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Outcome;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Counseling.Grains.Models;

/// <summary>
/// Keeps this silo's <see cref="ActiveOutcomeModel"/> on the registry's active version: when the silo
/// becomes active it seeds the registry with the shipped model, listens to the activation stream and
/// loads the active version. An announcement is only a cue; the registry's answer is what gets loaded,
/// so late or repeated announcements cannot install an old version. A slow check every few minutes
/// covers an announcement the memory stream lost.
/// </summary>
public sealed class ModelActivationListener(
    IServiceProvider services,
    IGrainFactory grains,
    ActiveOutcomeModel active,
    ModelLocationOptions location,
    ILogger<ModelActivationListener> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private StreamSubscriptionHandle<ModelActivated>? _subscription;
    private Task? _checks;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ModelActivationListener), ServiceLifecycleStage.Active, Start, Stop);

    private async Task Start(CancellationToken cancellationToken)
    {
        // Subscribe first: an activation between seeding and subscribing would otherwise go unheard.
        _subscription = await services.GetRequiredKeyedService<IStreamProvider>(CounselingStreams.Provider)
            .GetStream<ModelActivated>(CounselingStreams.ModelActivations)
            .SubscribeAsync((_, _) => Sync());
        var directory = location.OutcomeDirectory;
        var shipped = new ModelArtifact(
            await File.ReadAllBytesAsync(Path.Combine(directory, OutcomeModel.ModelFile), cancellationToken),
            await File.ReadAllTextAsync(Path.Combine(directory, OutcomeModel.MetadataFile), cancellationToken));
        await Registry.Seed(shipped);
        await Sync();
        _checks = CheckPeriodically();
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_checks is not null) await _checks;
        try
        {
            if (_subscription is not null) await _subscription.UnsubscribeAsync();
        }
        catch (Exception e)
        {
            // A stopping cluster may no longer answer; the pub-sub drops subscriptions of dead silos anyway.
            logger.LogInformation("Model activation subscription not removed: {Error}", e.GetType().Name);
        }
    }

    private IModelRegistryGrain Registry => grains.GetGrain<IModelRegistryGrain>(0);

    private async Task Sync()
    {
        await _sync.WaitAsync();
        try
        {
            var artifact = await Registry.GetActive();
            if (artifact is not null && active.SwapTo(artifact))
                logger.LogInformation("Serving outcome model {Version}", active.Current.Version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The silo keeps the model it has; the next announcement or check tries again.
            logger.LogWarning(e, "Could not load the registry's active outcome model");
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task CheckPeriodically()
    {
        using var timer = new PeriodicTimer(CheckPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token)) await Sync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _sync.Dispose();
    }
}
