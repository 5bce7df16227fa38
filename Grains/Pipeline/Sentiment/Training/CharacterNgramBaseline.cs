using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace Counseling.Grains.Pipeline.Sentiment.Training;

/// <summary>
/// The yardstick the shipped sentiment model is judged against: a logistic regression over TF-IDF weighted
/// character n-grams (1 to <see cref="NgramLength"/>, L2-normalised), trained to convergence with L-BFGS.
/// Its polarity-only form is trained on stars 1–2 against 4–5 alone, so it shows how far a linear model
/// gets on that question when nothing else is asked of it.
/// </summary>
public sealed class CharacterNgramBaseline(int ngramLength = 3, float l2Regularization = 1f, int seed = 1)
{
    public const int LongestNgram = 6;

    public int NgramLength { get; } = IsNgramLength(ngramLength)
        ? ngramLength
        : throw new ArgumentOutOfRangeException(nameof(ngramLength), ngramLength, $"n-gram length must be 1–{LongestNgram}.");

    public static bool IsNgramLength(int length) => length is >= 1 and <= LongestNgram;

    /// <summary>Five-way model: the figures of <see cref="SentimentReport"/> on <paramref name="dev"/>.</summary>
    public SentimentReport FiveStars(IReadOnlyList<SentimentExample> train, IReadOnlyList<SentimentExample> dev)
    {
        var missing = Enumerable.Range(1, SentimentModelConfig.Stars).Except(train.Select(e => e.Stars)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"The training data has no sentence with {string.Join(", ", missing)} stars; the baseline needs all five.");

        var ml = new MLContext(seed);
        var pipeline = Featurize(ml)
            // ByValue keeps key k on star k, so the score vector reads p(1 star) … p(5 stars).
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Stars),
                keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = l2Regularization,
                L1Regularization = 0,
            }));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Rows(train)));
        var scored = model.Transform(ml.Data.LoadFromEnumerable(Rows(dev)));
        var probabilities = scored.GetColumn<float[]>("Score").ToArray();
        return SentimentReport.From(dev.Select(e => e.Stars).ToArray(), probabilities);
    }

    /// <summary>Two-way model on the rows whose stars are not 3: how many dev rows those are, and the share it puts on the right side.</summary>
    public PolarityFigures PolarityOnly(IReadOnlyList<SentimentExample> train, IReadOnlyList<SentimentExample> dev)
    {
        var polarTrain = train.Where(e => e.Stars != 3).ToArray();
        var polarDev = dev.Where(e => e.Stars != 3).ToArray();
        if (polarTrain.Select(e => e.Stars >= 4).Distinct().Count() < 2)
            throw new InvalidDataException("The training data needs both negative (1–2) and positive (4–5) sentences.");
        if (polarDev.Length == 0) throw new InvalidDataException("The evaluation data has no sentence with other than 3 stars.");

        var ml = new MLContext(seed);
        var pipeline = Featurize(ml)
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(Row.Positive),
                L2Regularization = l2Regularization,
                L1Regularization = 0,
            }));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Rows(polarTrain)));
        var predicted = model.Transform(ml.Data.LoadFromEnumerable(Rows(polarDev))).GetColumn<bool>("PredictedLabel").ToArray();
        return new PolarityFigures(polarDev.Length, (double)polarDev.Where((e, i) => predicted[i] == e.Stars >= 4).Count() / polarDev.Length);
    }

    // Text kept as written (case, punctuation, Hangul untouched) and cut into every character n-gram up to
    // the chosen length; no word features, as in the reference figures of the data's README.
    private EstimatorChain<ITransformer> Featurize(MLContext ml) =>
        new EstimatorChain<ITransformer>().Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None,
            KeepDiacritics = true,
            KeepPunctuations = true,
            KeepNumbers = true,
            WordFeatureExtractor = null,
            CharFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = NgramLength,
                UseAllLengths = true,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(Row.Text)));

    private static IEnumerable<Row> Rows(IEnumerable<SentimentExample> examples) =>
        examples.Select(e => new Row { Text = e.Text, Stars = e.Stars, Positive = e.Stars >= 4 });

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public float Stars { get; set; }
        public bool Positive { get; set; }
    }
}

/// <summary>What the polarity-only baseline reports: the dev rows it was judged on (stars other than 3) and its accuracy there.</summary>
public sealed record PolarityFigures(int N, double Accuracy);
