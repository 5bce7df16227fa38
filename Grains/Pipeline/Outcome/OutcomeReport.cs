using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>Classification figures of the outcome model on one labelled set.</summary>
public sealed record OutcomeReport(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macro_precision")] double MacroPrecision,
    [property: JsonPropertyName("macro_recall")] double MacroRecall,
    [property: JsonPropertyName("macro_f1")] double MacroF1,
    [property: JsonPropertyName("weighted_f1")] double WeightedF1,
    [property: JsonPropertyName("per_class")] IReadOnlyDictionary<string, OutcomeClassReport> PerClass,
    [property: JsonPropertyName("confusion_matrix")] int[][] Confusion)
{
    public static OutcomeReport From(IReadOnlyList<string> classes, IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var k = classes.Count;
        var confusion = new int[k][];
        for (var i = 0; i < k; i++) confusion[i] = new int[k];
        for (var r = 0; r < truth.Count; r++) confusion[index[truth[r]]][index[predicted[r]]]++;

        var perClass = ClassFigures.FromConfusion(confusion)
            .Select((f, c) => (Name: classes[c], Report: new OutcomeClassReport(Math.Round(f.Precision, 4), Math.Round(f.Recall, 4), Math.Round(f.F1, 4), f.Support)))
            .ToDictionary(p => p.Name, p => p.Report, StringComparer.Ordinal);
        var correct = ClassFigures.Correct(confusion);
        var n = truth.Count;
        var values = perClass.Values.ToArray();
        return new OutcomeReport(
            n,
            Math.Round(n == 0 ? 0 : (double)correct / n, 4),
            Math.Round(values.Average(v => v.Precision), 4),
            Math.Round(values.Average(v => v.Recall), 4),
            Math.Round(values.Average(v => v.F1), 4),
            Math.Round(n == 0 ? 0 : values.Sum(v => v.F1 * v.Support) / n, 4),
            perClass,
            confusion);
    }
}

public sealed record OutcomeClassReport(
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("support")] int Support);
