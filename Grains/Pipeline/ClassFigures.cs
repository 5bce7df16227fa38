namespace Counseling.Grains.Pipeline;

/// <summary>Precision, recall, F1 and support of one class, read off a confusion matrix.</summary>
public readonly record struct ClassFigures(double Precision, double Recall, double F1, int Support)
{
    /// <param name="confusion">Rows are true classes, columns predicted ones.</param>
    public static ClassFigures[] FromConfusion(int[][] confusion)
    {
        var figures = new ClassFigures[confusion.Length];
        for (var c = 0; c < confusion.Length; c++)
        {
            var truePositives = confusion[c][c];
            var support = confusion[c].Sum();
            var predicted = confusion.Sum(row => row[c]);
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            figures[c] = new ClassFigures(precision, recall, f1, support);
        }
        return figures;
    }

    public static int Correct(int[][] confusion) => Enumerable.Range(0, confusion.Length).Sum(c => confusion[c][c]);
}
