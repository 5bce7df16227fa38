using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>LightGBM settings of the product brief; stored in metadata.json with every model.</summary>
public sealed record OutcomeHyperParameters(
    [property: JsonPropertyName("iterations")] int Iterations = 200,
    [property: JsonPropertyName("learning_rate")] double LearningRate = 0.05,
    [property: JsonPropertyName("num_leaves")] int Leaves = 31,
    [property: JsonPropertyName("max_depth")] int MaxDepth = 6,
    [property: JsonPropertyName("early_stopping_rounds")] int EarlyStoppingRounds = 20,
    [property: JsonPropertyName("class_weight")] string ClassWeight = "balanced",
    [property: JsonPropertyName("seed")] int Seed = 42,
    // Null keeps LightGBM's own minimum (20), which leaves no split at all on the few dozen labelled
    // sessions a retrain may start from; metadata written before this field existed reads as null.
    [property: JsonPropertyName("min_data_in_leaf")] int? MinExamplesPerLeaf = null);
