namespace Counseling.Grains.Pipeline.Sentiment.Training;

/// <summary>
/// Hyper-parameters of the shipped sentiment model. The defaults are the ones the shipped
/// models/sentiment was trained with; they were chosen on the dev split.
/// </summary>
public sealed record SentimentTrainingOptions
{
    public int Seed { get; init; } = 42;
    public int VocabularySize { get; init; } = 16_000;
    public int EmbeddingSize { get; init; } = 8;
    public int BigramBuckets { get; init; } = 50_021;
    public int TrigramBuckets { get; init; } = 50_021;
    public int HiddenSize { get; init; } = 64;
    public int ConvEmbeddingSize { get; init; } = 48;
    public int Filters { get; init; } = 128;
    public int Epochs { get; init; } = 2;
    public float LearningRate { get; init; } = 0.03f;

    /// <summary>AdaGrad (per-weight step sizes) or, when false, plain SGD as fastText trains.</summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>Share of pooled features zeroed at each training step, against memorising rare n-grams.</summary>
    public float Dropout { get; init; }

    /// <summary>
    /// Snapshots averaged into the final weights over the last epoch (stochastic weight averaging);
    /// 0 keeps the last weights. An average of nearby points sits in a flatter, better-generalising spot.
    /// </summary>
    public int AveragedSnapshots { get; init; } = 20;

    /// <summary>L2 strength on the weights each step touches.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Weight of the squared error of the expected stars, added to the cross-entropy.</summary>
    public float ExpectationWeight { get; init; } = 0.1f;

    /// <summary>Share of the target moved to the neighbouring star counts: stars are ordered, and a 4 for a 5 is a small miss.</summary>
    public float NeighbourSmoothing { get; init; } = 0.1f;

    /// <summary>
    /// Networks trained from consecutive seeds whose probabilities the model averages. Single networks
    /// differ by half a point from seed to seed; their average is better than any of them on every figure.
    /// </summary>
    public int EnsembleSize { get; init; } = 1;

    /// <summary>
    /// Each member's logits are divided by this before the probabilities are averaged. Below 1 the
    /// expected stars follow the star each member would pick rather than its hedging between both ends,
    /// which lowers the MAE by about 0.04; each member's most likely star stays as it was.
    /// </summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Longest sentence in tokens the tokenizer keeps (model_max_length).</summary>
    public int MaxLength { get; init; } = 128;
}
