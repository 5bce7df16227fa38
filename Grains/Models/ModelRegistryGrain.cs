using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Outcome;
using Microsoft.Extensions.Logging;

namespace Counseling.Grains.Models;

/// <summary>
/// The registry of outcome-model versions over an <see cref="IModelStore"/> (PostgreSQL with a database,
/// memory without). One activation orders the calls; the store keeps the single-active rule on its own.
/// Every activation is announced so that each silo's <see cref="ActiveOutcomeModel"/> reloads.
/// </summary>
public sealed class ModelRegistryGrain(IModelStore store, ILogger<ModelRegistryGrain> logger) : Grain, IModelRegistryGrain
{
    public Task<IReadOnlyList<ModelVersionInfo>> List() => store.List();

    public async Task<ModelVersionInfo> Register(ModelArtifact artifact, bool activate)
    {
        var entry = Entry(artifact);
        if (await store.Add(entry)) logger.LogInformation("Outcome model {Version} registered", entry.Version);
        if (activate) return await Activate(entry.Version) ?? throw new InvalidOperationException($"Model {entry.Version} vanished while being activated.");
        return await Info(entry.Version);
    }

    public async Task<ModelVersionInfo?> Activate(string version)
    {
        if (!await store.Activate(version, onlyIfNoneActive: false)) return null;
        await Announce(version);
        return await Info(version);
    }

    public async Task<ModelArtifact?> GetActive() => (await store.Active())?.Artifact;

    public async Task<ModelVersionInfo> Seed(ModelArtifact shipped)
    {
        var entry = Entry(shipped);
        // A newer build's shipped model joins the list but does not displace a version someone activated.
        if (await store.Add(entry)) logger.LogInformation("Shipped outcome model {Version} registered", entry.Version);
        // Announcing when it was already active costs each silo one no-op check and saves telling the cases apart.
        if (await store.Activate(entry.Version, onlyIfNoneActive: true)) await Announce(entry.Version);
        return (await store.List()).Single(v => v.Active);
    }

    public Task<string?> GetMetadata(string version) => store.Metadata(version);

    private async Task<ModelVersionInfo> Info(string version) => (await store.List()).Single(v => v.Version == version);

    private async Task Announce(string version)
    {
        logger.LogInformation("Outcome model {Version} active", version);
        await this.GetStreamProvider(CounselingStreams.Provider).GetStream<ModelActivated>(CounselingStreams.ModelActivations)
            .OnNextAsync(new ModelActivated(version, DateTimeOffset.UtcNow));
    }

    /// <summary>Loads the artifact once, so that a version every silo would refuse is refused here, as an <see cref="ArgumentException"/>.</summary>
    private static ModelEntry Entry(ModelArtifact artifact)
    {
        OutcomeMetadata metadata;
        try
        {
            metadata = OutcomeModel.Load(artifact.Model, artifact.MetadataJson, "registered artifact").Metadata;
        }
        catch (OutcomeModelException e)
        {
            // The pipeline's exception has no Orleans codec; callers get an argument error naming the artifact.
            throw new ArgumentException(e.Message, nameof(artifact));
        }
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["validation_accuracy"] = metadata.Metrics.Validation.Accuracy,
            ["validation_macro_f1"] = metadata.Metrics.Validation.MacroF1,
            ["test_accuracy"] = metadata.Metrics.Test.Accuracy,
            ["test_macro_f1"] = metadata.Metrics.Test.MacroF1,
            ["training_rows"] = metadata.TrainingRows,
        };
        return new ModelEntry(metadata.Version, metadata.CreatedAt, metrics, artifact);
    }
}
