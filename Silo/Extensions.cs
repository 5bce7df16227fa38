using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.History;
using Counseling.Grains.Placement;
using Counseling.Grains.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        services.AddSingleton(provider =>
        {
            var options = SentimentScorerOptions.FromEnvironment() with
            {
                GpuEnabled = bool.TryParse(configuration["GPU_ENABLED"], out var gpu) && gpu,
                BatchSize = int.TryParse(configuration["BATCH_SIZE"], out var batch) && batch > 0 ? batch : SentimentScorerOptions.DefaultBatchSize,
            };
            return SentimentScorer.Load(ModelLocation.Sentiment(modelRoot), options, provider.GetRequiredService<ILogger<SentimentScorer>>());
        });
        services.AddSingleton<SentimentBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<SentimentBatcher>());
        services.AddSingleton(_ => new FeatureExtractor(LexiconSet.Load(Path.Combine(ModelLocation.Root(modelRoot), "lexicons"))));
        services.AddSingleton(_ => OutcomeModel.Load(Path.Combine(ModelLocation.Root(modelRoot), "outcome")));
        services.TryAddSingleton<IPredictionHistory, InMemoryPredictionHistory>();
        services.AddSingleton(_ => new SessionGate(
            int.TryParse(configuration["MAX_CONCURRENT_SESSIONS"], out var capacity) && capacity > 0 ? capacity : SessionGate.DefaultCapacity));
        return silo;
    }

    /// <summary>The embedded default: one process, localhost clustering, state and reminders in memory.</summary>
    public static ISiloBuilder UseEmbeddedInfrastructure(this ISiloBuilder silo) => silo
        .UseLocalhostClustering()
        .AddMemoryGrainStorage(StorageNames.Sessions)
        .UseInMemoryReminderService();
}
