using System.Globalization;

namespace Counseling.Grains.Pipeline.Sentiment.Training;

/// <summary>One labelled sentence: 1–5 stars and its text.</summary>
public sealed record SentimentExample(int Stars, string Text);

/// <summary>Reads the `stars&lt;TAB&gt;text` files the sentiment model is trained and evaluated on.</summary>
public static class SentimentCorpus
{
    public static IReadOnlyList<SentimentExample> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Sentiment data file not found: {path}", path);
        var examples = new List<SentimentExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith("stars\t", StringComparison.Ordinal)) continue;
            if (line.Length == 0) continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0
                || !int.TryParse(line.AsSpan(0, tab), NumberStyles.None, CultureInfo.InvariantCulture, out var stars)
                || stars is < 1 or > 5)
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'stars<TAB>text' with stars 1–5.");
            examples.Add(new SentimentExample(stars, line[(tab + 1)..]));
        }
        if (examples.Count == 0) throw new InvalidDataException($"{path}: no labelled sentences.");
        return examples;
    }
}
