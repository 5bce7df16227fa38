using BenchmarkDotNet.Attributes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Benchmarks;

/// <summary>
/// One ONNX Runtime call of <see cref="BatchSize"/> real dialogue sentences (tokenizing included), so the
/// figure divided by the batch size is the cost of a sentence at that batch size.
/// </summary>
[MemoryDiagnoser]
public class SentimentBenchmarks
{
    private SentimentScorer _scorer = null!;
    private string[] _batch = null!;

    [Params(1, 8, 32, 128)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scorer = Shipped.Scorer(BatchSize);
        var preprocessor = new Preprocessor();
        _batch = BenchmarkDialogues.Records(20, 40)
            .SelectMany(r => FeatureExtractor.Sentences(preprocessor.Preprocess(r)).Select(s => s.Text))
            .Take(BatchSize)
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _scorer.Dispose();

    [Benchmark]
    public SentimentScore[] Batch() => _scorer.Score(_batch);
}
