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
    [property: JsonPropertyName("training_data")] string TrainingData)
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
