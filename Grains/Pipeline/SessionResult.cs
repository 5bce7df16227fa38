using System.Text.Json.Serialization;
using Counseling.Grains.Pipeline.Features;

namespace Counseling.Grains.Pipeline;

/// <summary>What the four stages made of one session, in the shape of the API's detailed result.</summary>
public sealed record SessionResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("prediction")] string Prediction,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("probabilities")] IReadOnlyDictionary<string, double> Probabilities,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("pipeline_steps")] PipelineSteps PipelineSteps,
    [property: JsonPropertyName("extracted_features")] SessionFeatures ExtractedFeatures);

public sealed record PipelineSteps(
    [property: JsonPropertyName("preprocessing")] PipelineStep Preprocessing,
    [property: JsonPropertyName("feature_extraction")] PipelineStep FeatureExtraction,
    [property: JsonPropertyName("dataset_creation")] PipelineStep DatasetCreation,
    [property: JsonPropertyName("prediction")] PipelineStep Prediction);

/// <param name="Duration">Seconds this stage took for the session (its share, when sessions run as a batch).</param>
public sealed record PipelineStep(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("duration")] double Duration,
    [property: JsonPropertyName("features_count")] int FeaturesCount);
