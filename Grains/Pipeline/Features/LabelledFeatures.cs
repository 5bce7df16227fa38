using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Features;

/// <summary>A line of the Cli's `extract` output: the features and, for training data, the label.</summary>
public sealed record LabelledFeatures(
    [property: JsonPropertyName("features")] SessionFeatures Features,
    [property: JsonPropertyName("label")] string? Label);
