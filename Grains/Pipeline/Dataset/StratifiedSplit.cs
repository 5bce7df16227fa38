namespace Counseling.Grains.Pipeline.Dataset;

/// <summary>Indices of a train / validation / test split that keeps each class's share in every part.</summary>
public sealed record StratifiedSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test)
{
    public const int DefaultSeed = 42;

    public static StratifiedSplit Of(IReadOnlyList<string> labels, double train = 0.70, double validation = 0.15, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        List<int> trainRows = [], validationRows = [], testRows = [];
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            var trainCount = (int)Math.Round(rows.Length * train);
            var validationCount = (int)Math.Round(rows.Length * validation);
            trainRows.AddRange(rows.Take(trainCount));
            validationRows.AddRange(rows.Skip(trainCount).Take(validationCount));
            testRows.AddRange(rows.Skip(trainCount + validationCount));
        }
        trainRows.Sort();
        validationRows.Sort();
        testRows.Sort();
        return new StratifiedSplit(trainRows, validationRows, testRows);
    }
}
