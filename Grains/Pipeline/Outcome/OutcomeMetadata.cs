using System.Text.Json;
using System.Text.Json.Serialization;
using Counseling.Grains.Pipeline.Dataset;

namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>metadata.json beside the LightGBM model: what it reads, what it was trained on, how well it did.</summary>
public sealed record OutcomeMetadata(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("feature_schema")] FeatureSchema FeatureSchema,
    [property: JsonPropertyName("encoders")] FeatureEncoders Encoders,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("hyperparameters")] OutcomeHyperParameters HyperParameters,
    [property: JsonPropertyName("metrics")] OutcomeMetrics Metrics,
    [property: JsonPropertyName("training_data_hash")] string TrainingDataHash,
    [property: JsonPropertyName("training_rows")] int TrainingRows,
    [property: JsonPropertyName("training_data")] string TrainingData,
    // The share of the labelled sessions held out as the validation set the figures above come from;
    // null in metadata written before retraining existed (the Cli's 70/15/15 split: 0.15).
    [property: JsonPropertyName("validation_split")] double? ValidationSplit = null)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed record OutcomeMetrics(
    [property: JsonPropertyName("validation")] OutcomeReport Validation,
    [property: JsonPropertyName("test")] OutcomeReport Test);
