using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Models;

/// <summary>
/// Where the registry keeps outcome-model versions. At most one version is active; the store, not the
/// grain, enforces that, because two registry activations may briefly exist while membership settles.
/// </summary>
public interface IModelStore
{
    /// <summary>Newest first, without artifacts.</summary>
    Task<IReadOnlyList<ModelVersionInfo>> List();

    /// <summary>Adds the version unless it is already there; true when it was added.</summary>
    Task<bool> Add(ModelEntry entry);

    /// <summary>
    /// Makes <paramref name="version"/> the only active one; with <paramref name="onlyIfNoneActive"/> only
    /// when no version is active yet. True when the version is active afterwards because of this call
    /// or was already; false when it is unknown or another version stayed active.
    /// </summary>
    Task<bool> Activate(string version, bool onlyIfNoneActive);

    /// <summary>The active version with its artifact, or null.</summary>
    Task<ModelEntry?> Active();

    /// <summary>The metadata.json of a version, or null when it is not registered.</summary>
    Task<string?> Metadata(string version);
}

/// <summary>A registered version with its artifact.</summary>
public sealed record ModelEntry(string Version, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, double> Metrics, ModelArtifact Artifact);
