using Counseling.Grains.Sessions;

namespace Counseling.Silo;

/// <summary>
/// Runs the sentiment batcher on the silo's lifecycle rather than as a hosted service. Hosted services
/// stop before the silo does, so a stopping silo used to fail every session waiting on sentiment (one
/// attempt lost each). At ApplicationServices the batcher starts before grains take calls and stops
/// only after they have deactivated, so in-flight stages finish and persist.
/// </summary>
internal sealed class SentimentBatcherLifecycle(SentimentBatcher batcher) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SentimentBatcher), ServiceLifecycleStage.ApplicationServices, batcher.StartAsync, batcher.StopAsync);
}
