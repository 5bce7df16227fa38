using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.History;
using Counseling.Grains.Placement;
using Counseling.Grains.Sessions;
using Counseling.Silo.Database;
using Counseling.Silo.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Counseling.Silo;

public static class Extensions
{
    /// <summary>
    /// The grains and the per-silo services they use: models loaded once, the sentiment batcher, the
    /// session gate, the silo's role as metadata and the GPU placement filter.
    /// </summary>
    public static ISiloBuilder AddCounselingGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var role = configuration["Silo:Role"] ?? SiloRoles.Cpu;
        silo.UseSiloMetadata(new Dictionary<string, string> { [SiloRoles.MetadataKey] = role.ToLowerInvariant() });

        var services = silo.Services;
        services.Configure<SentimentPlacementOptions>(configuration.GetSection("Sentiment"));
        services.AddPlacementFilter<GpuPlacementFilterStrategy, GpuPlacementFilterDirector>(ServiceLifetime.Singleton);

        var modelRoot = configuration["MODEL_PATH"];
        services.AddSingleton(provider => SentimentScorer.Load(ModelLocation.Sentiment(modelRoot),
            SentimentScorerOptions.From(key => configuration[key]), provider.GetRequiredService<ILogger<SentimentScorer>>()));
        services.AddSingleton<SentimentBatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => new SentimentBatcherLifecycle(provider.GetRequiredService<SentimentBatcher>()));
        services.AddSingleton(_ => new FeatureExtractor(LexiconSet.Load(ModelLocation.Lexicons(modelRoot))));
        services.AddSingleton(_ => OutcomeModel.Load(ModelLocation.Outcome(modelRoot)));
        services.TryAddSingleton<IPredictionHistory, InMemoryPredictionHistory>();
        services.Configure<SessionResumeOptions>(configuration.GetSection(SessionResumeOptions.Section));
        services.AddSingleton(_ => new SessionGate(
            int.TryParse(configuration["MAX_CONCURRENT_SESSIONS"], out var capacity) && capacity > 0 ? capacity : SessionGate.DefaultCapacity));
        services.AddCounselingWebhooks(configuration);
        return silo;
    }

    /// <summary>
    /// Database mode when a PostgreSQL connection is configured, the embedded default otherwise, so one
    /// binary serves both a laptop and a cluster of silos. Logs one line naming the mode, never the
    /// connection string.
    /// </summary>
    public static ISiloBuilder UseCounselingInfrastructure(this ISiloBuilder silo, IConfiguration configuration, ILogger? logger = null)
    {
        var connectionString = DatabaseSettings.ConnectionString(configuration);
        if (connectionString is null)
        {
            logger?.LogInformation("embedded: localhost clustering, grain state and reminders in memory (no database configured)");
            return silo.UseEmbeddedInfrastructure();
        }

        var clusterId = configuration["Orleans:ClusterId"] ?? "counseling";
        var serviceId = configuration["Orleans:ServiceId"] ?? "counseling";
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });

        var siloPort = configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", 30000);
        // Without an address Orleans advertises the host's DNS address, which is right in containers;
        // Orleans:AdvertisedIP pins it where that address is not reachable by the other silos.
        if (System.Net.IPAddress.TryParse(configuration["Orleans:AdvertisedIP"], out var address))
        {
            silo.ConfigureEndpoints(address, siloPort, gatewayPort);
        }
        else
        {
            silo.ConfigureEndpoints(siloPort, gatewayPort);
        }

        logger?.LogInformation("PostgreSQL: cluster {ClusterId}, service {ServiceId}, silo port {SiloPort}, gateway port {GatewayPort}",
            clusterId, serviceId, siloPort, gatewayPort);
        return silo.UseDatabaseInfrastructure(connectionString);
    }

    /// <summary>
    /// Several silos on one PostgreSQL database: membership, session state and resume reminders all live
    /// there, so a silo that dies leaves everything another silo needs to carry on its sessions.
    /// </summary>
    public static ISiloBuilder UseDatabaseInfrastructure(this ISiloBuilder silo, string connectionString) => silo
        .ConfigureServices(services => services.AddPostgresPredictionHistory(connectionString))
        .UseAdoNetClustering(options =>
        {
            options.Invariant = DatabaseSettings.Invariant;
            options.ConnectionString = connectionString;
        })
        .AddAdoNetGrainStorage(StorageNames.Sessions, options =>
        {
            options.Invariant = DatabaseSettings.Invariant;
            options.ConnectionString = connectionString;
        })
        .UseAdoNetReminderService(options =>
        {
            options.Invariant = DatabaseSettings.Invariant;
            options.ConnectionString = connectionString;
        });

    /// <summary>The embedded default: one process, localhost clustering, state and reminders in memory.</summary>
    public static ISiloBuilder UseEmbeddedInfrastructure(this ISiloBuilder silo) => silo
        .UseLocalhostClustering()
        .AddMemoryGrainStorage(StorageNames.Sessions)
        .UseInMemoryReminderService();
}
