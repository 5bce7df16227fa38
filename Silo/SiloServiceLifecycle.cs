using Microsoft.Extensions.Hosting;

namespace Counseling.Silo;

/// <summary>
/// Runs a per-silo background service (the sentiment batcher, the session-event publisher) on the silo's
/// lifecycle rather than as a hosted service. Hosted services stop before the silo does, so a stopping silo used
/// to fail every session waiting on sentiment (one attempt lost each). At ApplicationServices the service starts
/// before grains take calls and stops only after they have deactivated, so in-flight stages finish and persist
/// and their last events still go out. A service that calls grains itself (the resume sweep) runs at Active
/// instead: it starts once the silo takes calls and stops first when it begins to stop.
/// </summary>
internal sealed class SiloServiceLifecycle(string name, IHostedService service, int stage = ServiceLifecycleStage.ApplicationServices)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(name, stage, service.StartAsync, service.StopAsync);
}
