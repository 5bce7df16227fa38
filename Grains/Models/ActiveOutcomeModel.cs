using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Outcome;

namespace Counseling.Grains.Models;

/// <summary>
/// The outcome model this silo serves, swapped in place when the registry activates another version.
/// Starts with the shipped model so the silo can predict before it has heard from the registry.
/// </summary>
public sealed class ActiveOutcomeModel(OutcomeModel initial)
{
    private volatile OutcomeModel _current = initial;

    public OutcomeModel Current => _current;

    /// <summary>Loads the artifact unless it is the version already served; true when the model changed.</summary>
    public bool SwapTo(ModelArtifact artifact)
    {
        var candidate = OutcomeModel.Load(artifact.Model, artifact.MetadataJson, "registry artifact");
        if (candidate.Version == _current.Version) return false;
        _current = candidate;
        return true;
    }
}
