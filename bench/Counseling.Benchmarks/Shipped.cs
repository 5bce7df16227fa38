using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Sentiment;

namespace Counseling.Benchmarks;

/// <summary>The shipped models, found the way the service finds them (MODEL_PATH, else models/ upwards).</summary>
internal static class Shipped
{
    public static SentimentScorer Scorer(int batchSize = 32) =>
        SentimentScorer.Load(ModelLocation.Sentiment(), new SentimentScorerOptions { BatchSize = batchSize });

    public static FeatureExtractor Extractor() => new(LexiconSet.Load(ModelLocation.Lexicons()));

    public static OutcomeModel Outcome() => OutcomeModel.Load(ModelLocation.Outcome());
}
