using BenchmarkDotNet.Attributes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Benchmarks;

/// <summary>
/// Each stage on its own, for one generated session of <see cref="Turns"/> utterances: parsing, features
/// without sentiment (scores computed beforehand), the dataset row, and the whole session through the library.
/// </summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private SessionRecord _record = null!;
    private Session _session = null!;
    private IReadOnlyList<SpokenSentence> _sentences = null!;
    private IReadOnlyList<SentimentScore> _scores = null!;
    private SessionFeatures _features = null!;
    private FeatureExtractor _extractor = null!;
    private OutcomeModel _outcome = null!;
    private SessionPipeline _pipeline = null!;

    [Params(5, 20, 40, 80)]
    public int Turns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _record = BenchmarkDialogues.Records(1, Turns)[0];
        _session = new Preprocessor().Preprocess(_record);
        _extractor = Shipped.Extractor();
        _outcome = Shipped.Outcome();
        _pipeline = new SessionPipeline(Shipped.Scorer(), _extractor, _outcome);
        _sentences = FeatureExtractor.Sentences(_session);
        using var scorer = Shipped.Scorer();
        _scores = scorer.Score(_sentences.Select(s => s.Text).ToArray());
        _features = _extractor.Extract(_session, _sentences, _scores);
    }

    [GlobalCleanup]
    public void Cleanup() => _pipeline.Dispose();

    [Benchmark(Description = "1 parse + merge")]
    public Session Parse() => new Preprocessor().Preprocess(_record);

    [Benchmark(Description = "2 features without sentiment")]
    public SessionFeatures Features() => _extractor.Extract(_session, FeatureExtractor.Sentences(_session), _scores);

    [Benchmark(Description = "3 dataset row")]
    public float[] Row() => FeatureRow.From(_features, _outcome.Metadata.Encoders);

    [Benchmark(Description = "whole session (4 stages)")]
    public SessionResult Session() => _pipeline.Predict(_record);
}
