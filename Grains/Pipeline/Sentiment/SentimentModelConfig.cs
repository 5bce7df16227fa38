using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>
/// The part of a Hugging Face `config.json` the scorer needs: which output index is which star.
/// Labels are read as "1 star" … "5 stars" (nlptown's and ours); the leading number is the star.
/// </summary>
public sealed record SentimentModelConfig(IReadOnlyList<string> Labels, int[] StarOfOutput)
{
    public const int Stars = 5;

    public static SentimentModelConfig Load(string path)
    {
        if (!File.Exists(path)) throw new SentimentModelException($"Sentiment model config not found: {path}");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new SentimentModelException($"Sentiment model config is not valid JSON: {path} ({e.Message})", e);
        }
        if (root?["id2label"] is not JsonObject id2label || id2label.Count != Stars)
            throw new SentimentModelException($"Sentiment model config {path} needs an 'id2label' with {Stars} labels.");

        var labels = new string[Stars];
        var stars = new int[Stars];
        foreach (var (key, value) in id2label)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index is < 0 or >= Stars)
                throw new SentimentModelException($"Sentiment model config {path}: id2label key '{key}' is not an output index 0–{Stars - 1}.");
            var label = value?.GetValue<string>() ?? "";
            var digits = new string(label.TakeWhile(char.IsAsciiDigit).ToArray());
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var star) || star is < 1 or > Stars)
                throw new SentimentModelException($"Sentiment model config {path}: label '{label}' does not start with a star count 1–{Stars}.");
            labels[index] = label;
            stars[index] = star;
        }
        if (stars.Distinct().Count() != Stars)
            throw new SentimentModelException($"Sentiment model config {path}: id2label names a star twice.");
        return new SentimentModelConfig(labels, stars);
    }

    /// <summary>The config.json the trainer writes, in the shape of a BERT sequence classifier's.</summary>
    public static string ToJson(IReadOnlyDictionary<string, int> extra)
    {
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < Stars; i++)
        {
            var label = i == 0 ? "1 star" : $"{i + 1} stars";
            id2label[i.ToString(CultureInfo.InvariantCulture)] = label;
            label2id[label] = i;
        }
        var root = new JsonObject
        {
            ["architectures"] = new JsonArray("SubwordNgramForSequenceClassification"),
            ["model_type"] = "subword-ngram",
            ["id2label"] = id2label,
            ["label2id"] = label2id,
        };
        foreach (var (key, value) in extra.OrderBy(p => p.Key, StringComparer.Ordinal))
            root[key] = value;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
