using Counseling.Grains.Pipeline;

namespace Counseling.Grains.Models;

/// <summary>Where this silo's shipped outcome model lies (MODEL_PATH).</summary>
public sealed record ModelLocationOptions(string OutcomeDirectory)
{
    public static ModelLocationOptions From(string? modelRoot) => new(ModelLocation.Outcome(modelRoot));
}
