namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>How the scorer runs; the environment names are the ones users already set.</summary>
public sealed record SentimentScorerOptions
{
    public const int DefaultBatchSize = 32;

    /// <summary>Sentences per ONNX Runtime call (BATCH_SIZE).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Append the CUDA execution provider (GPU_ENABLED); falls back to CPU with one warning.</summary>
    public bool GpuEnabled { get; init; }

    /// <summary>Threads inside one ONNX Runtime call. One, because throughput comes from running batches side by side.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Batches of one <c>Score</c> call run in parallel up to this many at once.</summary>
    public int MaxParallelBatches { get; init; } = Environment.ProcessorCount;

    public static SentimentScorerOptions FromEnvironment() => From(Environment.GetEnvironmentVariable);

    /// <summary>BATCH_SIZE and GPU_ENABLED read through <paramref name="setting"/> (environment, host configuration).</summary>
    public static SentimentScorerOptions From(Func<string, string?> setting) => new()
    {
        BatchSize = int.TryParse(setting("BATCH_SIZE"), out var b) && b > 0 ? b : DefaultBatchSize,
        GpuEnabled = bool.TryParse(setting("GPU_ENABLED"), out var g) && g,
    };
}
