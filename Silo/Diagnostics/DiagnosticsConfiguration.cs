using Counseling.Grains.Diagnostics;
using Counseling.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Counseling.Silo.Diagnostics;

public static class DiagnosticsConfiguration
{
    /// <summary>
    /// What the Api's stats, logs and readiness read from each silo: the log buffer fed by its own logger
    /// provider, the session statistics, and the placement that puts one diagnostics grain on each silo.
    /// </summary>
    public static ISiloBuilder AddCounselingDiagnostics(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddSingleton(_ => new RecentLogs());
        services.AddSingleton<ILoggerProvider>(provider => new RecentLogsProvider(provider.GetRequiredService<RecentLogs>()));
        services.AddSingleton<SessionStatistics>();
        services.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();
        return silo;
    }
}
