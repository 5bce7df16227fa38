namespace Counseling.Grains.Interfaces;

/// <summary>
/// The cluster's one list of outcome-model versions and which of them every silo serves. Activating a
/// version announces it on <see cref="CounselingStreams.ModelActivations"/>, and each silo's predictor swaps to it.
/// </summary>
[Alias("counseling.model-registry")]
public interface IModelRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Newest first.</summary>
    [Alias("list")]
    Task<IReadOnlyList<ModelVersionInfo>> List();

    /// <summary>
    /// Stores the artifact under the version its metadata names; registering the same version again keeps
    /// the first copy. An artifact that does not load as an outcome model is refused with an
    /// <see cref="ArgumentException"/> for <c>artifact</c>.
    /// </summary>
    [Alias("register")]
    Task<ModelVersionInfo> Register(ModelArtifact artifact, bool activate);

    /// <summary>Makes the version the one every silo serves; null when no such version is registered.</summary>
    [Alias("activate")]
    Task<ModelVersionInfo?> Activate(string version);

    /// <summary>The active version with its artifact; null before any version is active.</summary>
    [Alias("active")]
    Task<ModelArtifact?> GetActive();

    /// <summary>
    /// Registers the artifact if no version is registered yet and activates it if none is active; what a
    /// starting silo calls with the shipped model, as often as silos start.
    /// </summary>
    [Alias("seed")]
    Task<ModelVersionInfo> Seed(ModelArtifact shipped);

    /// <summary>The metadata.json of a registered version (its figures, schema, hyper-parameters); null when unknown.</summary>
    [Alias("metadata")]
    Task<string?> GetMetadata(string version);
}

/// <summary>
/// One registered version as the registry lists it: no artifact, a few headline figures, and when it was
/// last made active (null if never).
/// </summary>
[GenerateSerializer, Immutable, Alias("counseling.model-version")]
public sealed record ModelVersionInfo(
    [property: Id(0)] string Version,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(3)] bool Active,
    [property: Id(4)] DateTimeOffset? ActivatedAt = null);

/// <summary>An outcome model as files: the ML.NET model.zip bytes and the metadata.json text.</summary>
[GenerateSerializer, Immutable, Alias("counseling.model-artifact")]
public sealed record ModelArtifact(
    [property: Id(0)] byte[] Model,
    [property: Id(1)] string MetadataJson);

/// <summary>Published when a version becomes active; subscribers read the artifact from the registry.</summary>
[GenerateSerializer, Immutable, Alias("counseling.model-activated")]
public sealed record ModelActivated(
    [property: Id(0)] string Version,
    [property: Id(1)] DateTimeOffset ActivatedAt);
