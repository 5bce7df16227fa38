using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>How well star probabilities match true stars, in the figures the product reports.</summary>
public sealed record SentimentReport(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macro_f1")] double MacroF1,
    [property: JsonPropertyName("mae")] double Mae,
    [property: JsonPropertyName("polarity_accuracy")] double PolarityAccuracy,
    [property: JsonPropertyName("per_class")] IReadOnlyList<StarClassReport> PerClass,
    [property: JsonPropertyName("confusion")] int[][] Confusion)
{
    /// <param name="trueStars">1–5 for each row.</param>
    /// <param name="probabilities">p(1 star) … p(5 stars) for each row.</param>
    public static SentimentReport From(IReadOnlyList<int> trueStars, IReadOnlyList<float[]> probabilities)
    {
        const int classes = 5;
        var confusion = new int[classes][];
        for (var i = 0; i < classes; i++) confusion[i] = new int[classes];
        double absoluteError = 0;
        int polarityRows = 0, polarityHits = 0;
        for (var r = 0; r < trueStars.Count; r++)
        {
            var p = probabilities[r];
            var predicted = 0;
            double expected = 0;
            for (var k = 0; k < classes; k++)
            {
                if (p[k] > p[predicted]) predicted = k;
                expected += (k + 1) * p[k];
            }
            var truth = trueStars[r];
            confusion[truth - 1][predicted]++;
            absoluteError += Math.Abs(expected - truth);
            if (truth != 3)
            {
                polarityRows++;
                if ((expected >= 3) == (truth >= 4)) polarityHits++;
            }
        }

        var perClass = ClassFigures.FromConfusion(confusion)
            .Select((f, k) => new StarClassReport(k + 1, f.Precision, f.Recall, f.F1, f.Support)).ToArray();
        var correct = ClassFigures.Correct(confusion);
        var n = trueStars.Count;
        return new SentimentReport(
            n,
            n == 0 ? 0 : (double)correct / n,
            perClass.Average(c => c.F1),
            n == 0 ? 0 : absoluteError / n,
            polarityRows == 0 ? 0 : (double)polarityHits / polarityRows,
            perClass,
            confusion);
    }
}

public sealed record StarClassReport(
    [property: JsonPropertyName("stars")] int Stars,
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("support")] int Support);
