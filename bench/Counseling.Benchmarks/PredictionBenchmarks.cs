using BenchmarkDotNet.Attributes;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Benchmarks;

/// <summary>Stage 4: LightGBM (through ML.NET) on one feature row, and on a batch of rows in one call.</summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private OutcomeModel _outcome = null!;
    private float[][] _rows = null!;

    [Params(1, 64)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _outcome = Shipped.Outcome();
        using var pipeline = new SessionPipeline(Shipped.Scorer(), Shipped.Extractor(), _outcome);
        _rows = pipeline.Predict(BenchmarkDialogues.Records(Rows, 40))
            .Select(r => FeatureRow.From(r.ExtractedFeatures, _outcome.Metadata.Encoders))
            .ToArray();
    }

    [Benchmark]
    public object Predict() => Rows == 1 ? _outcome.Predict(_rows[0]) : _outcome.Predict(_rows);
}
