using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>Stage 4's answer: the label, its probability, the whole distribution and the model that gave it.</summary>
public sealed record OutcomePrediction(
    [property: JsonPropertyName("prediction")] string Label,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("probabilities")] IReadOnlyDictionary<string, double> Distribution,
    [property: JsonPropertyName("model_version")] string ModelVersion);
