using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.History;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Models;
using Counseling.Grains.Placement;
using Counseling.Grains.Privacy;
using Counseling.Grains.Sessions;
using Counseling.Grains.Training;
using Counseling.Silo.Database;
using Counseling.Silo.Diagnostics;
using Counseling.Silo.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Storage;
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
        services.AddStorageErrorSerialization();
        services.Configure<SentimentPlacementOptions>(configuration.GetSection("Sentiment"));
        services.AddPlacementFilter<GpuPlacementFilterStrategy, GpuPlacementFilterDirector>(ServiceLifetime.Singleton);

        var modelRoot = configuration["MODEL_PATH"];
        services.AddSingleton(provider => SentimentScorer.Load(ModelLocation.Sentiment(modelRoot),
            SentimentScorerOptions.From(key => configuration[key]), provider.GetRequiredService<ILogger<SentimentScorer>>()));
        services.AddSingleton<SentimentBatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => new SiloServiceLifecycle(nameof(SentimentBatcher), provider.GetRequiredService<SentimentBatcher>()));
        services.AddSingleton(_ => new FeatureExtractor(LexiconSet.Load(ModelLocation.Lexicons(modelRoot))));
        services.AddSingleton(_ => new ActiveOutcomeModel(OutcomeModel.Load(ModelLocation.Outcome(modelRoot))));
        services.AddSingleton(ModelLocationOptions.From(modelRoot));
        services.AddSingleton<ModelActivationListener>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<ModelActivationListener>());
        services.AddSingleton<SessionEvents>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => new SiloServiceLifecycle(nameof(SessionEvents), provider.GetRequiredService<SessionEvents>()));
        services.TryAddSingleton<IModelStore, InMemoryModelStore>();
        // Orleans' default storage format is Newtonsoft JSON, which showed as the largest single cost of a
        // session in a CPU profile (byte arrays as base64, reflection per write). The Orleans binary format
        // is version tolerant through the same [Id]s the grain calls use.
        services.Replace(ServiceDescriptor.Singleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>());
        services.TryAddSingleton<IPredictionHistory, InMemoryPredictionHistory>();
        services.TryAddSingleton<ITrainingExamples, InMemoryTrainingExamples>();
        services.Configure<RetrainOptions>(configuration.GetSection(RetrainOptions.Section));
        services.TryAddSingleton(provider => EncryptionKey(configuration) is { } key
            ? ConsultationCipher.FromBase64(key)
            : EphemeralCipher(provider.GetRequiredService<ILogger<ConsultationCipher>>()));
        services.Configure<SessionResumeOptions>(configuration.GetSection(SessionResumeOptions.Section));
        services.TryAddSingleton<IResumeSchedule, InMemoryResumeSchedule>();
        services.AddSingleton<ResumeSweep>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider =>
            new SiloServiceLifecycle(nameof(ResumeSweep), provider.GetRequiredService<ResumeSweep>(), ServiceLifecycleStage.Active));
        services.AddSingleton(_ => new SessionGate(
            int.TryParse(configuration["MAX_CONCURRENT_SESSIONS"], out var capacity) && capacity > 0 ? capacity : SessionGate.DefaultCapacity));
        // Model activations and session events; the subscriptions live in the PubSubStore storage the
        // infrastructure provides (memory embedded, PostgreSQL with a database).
        silo.AddMemoryStreams(CounselingStreams.Provider);
        services.AddCounselingWebhooks(configuration);
        silo.AddCounselingDiagnostics();
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

        // Text sealed with a key that dies with the process could never be read back from the database.
        if (EncryptionKey(configuration) is null)
            throw new InvalidOperationException(
                "ENCRYPTION_KEY (or Encryption:Key) must be set when a database is configured: consultation text is stored " +
                "encrypted with it. Generate one with `openssl rand -base64 32` and give every silo the same key.");

        logger?.LogInformation("PostgreSQL: cluster {ClusterId}, service {ServiceId}, silo port {SiloPort}, gateway port {GatewayPort}",
            clusterId, serviceId, siloPort, gatewayPort);
        return silo.UseDatabaseInfrastructure(connectionString);
    }

    /// <summary>
    /// Several silos on one PostgreSQL database: membership, session state, the resume schedule and reminders
    /// (batches, webhook deliveries) all live there, so a silo that dies leaves everything another silo needs
    /// to carry on its sessions.
    /// </summary>
    public static ISiloBuilder UseDatabaseInfrastructure(this ISiloBuilder silo, string connectionString)
    {
        void OnPostgres(AdoNetGrainStorageOptions options)
        {
            options.Invariant = DatabaseSettings.Invariant;
            options.ConnectionString = connectionString;
        }

        return silo
            .ConfigureServices(services => services.AddPostgresPredictionHistory(connectionString).AddPostgresModelStore(connectionString)
                .AddPostgresProbe(connectionString).AddPostgresTrainingExamples(connectionString)
                .AddPostgresResumeSchedule(connectionString))
            .UseAdoNetClustering(options =>
            {
                options.Invariant = DatabaseSettings.Invariant;
                options.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(StorageNames.Sessions, OnPostgres)
            .AddAdoNetGrainStorage(StorageNames.PubSub, OnPostgres)
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = DatabaseSettings.Invariant;
                options.ConnectionString = connectionString;
            });
    }

    private static string? EncryptionKey(IConfiguration configuration) =>
        configuration["ENCRYPTION_KEY"] is { Length: > 0 } key ? key : configuration["Encryption:Key"] is { Length: > 0 } section ? section : null;

    private static ConsultationCipher EphemeralCipher(ILogger logger)
    {
        logger.LogInformation("no ENCRYPTION_KEY configured: consultation text in memory is sealed with a random key made for this process");
        return ConsultationCipher.WithRandomKey();
    }

    /// <summary>The embedded default: one process, localhost clustering, state and reminders in memory.</summary>
    public static ISiloBuilder UseEmbeddedInfrastructure(this ISiloBuilder silo) => silo
        .UseLocalhostClustering()
        .AddMemoryGrainStorage(StorageNames.Sessions)
        .AddMemoryGrainStorage(StorageNames.PubSub)
        .UseInMemoryReminderService();
}
