using System.Text;
using System.Text.Json;

namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>
/// The BERT tokenizer settings of a model folder's Hugging Face <c>tokenizer_config.json</c>.
/// A null <paramref name="StripAccents"/> follows Hugging Face: accents are stripped when lower-casing.
/// </summary>
public sealed record TokenizerSettings(
    bool DoLowerCase = true,
    bool? StripAccents = null,
    int ModelMaxLength = 512,
    bool TokenizeChineseChars = true)
{
    /// <summary>BERT has 512 position embeddings; configs often say 1e30 for "no limit".</summary>
    public const int PositionLimit = 512;

    /// <summary>Whether text is put in NFD and stripped of nonspacing marks (the Hugging Face rule).</summary>
    public bool EffectiveStripAccents => StripAccents ?? DoLowerCase;

    /// <summary>Reads a tokenizer_config.json; keys it does not know are ignored.</summary>
    /// <exception cref="SentimentModelException">The file is missing, unreadable, not JSON, or a known key has a wrong value.</exception>
    public static TokenizerSettings Load(string tokenizerConfigPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerConfigPath);
        if (!File.Exists(tokenizerConfigPath))
            throw new SentimentModelException($"Tokenizer config not found: {tokenizerConfigPath}");

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(tokenizerConfigPath));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SentimentModelException($"Tokenizer config {tokenizerConfigPath} is not a JSON object.");

            var defaults = new TokenizerSettings();
            return new TokenizerSettings(
                ReadBool(root, "do_lower_case", tokenizerConfigPath) ?? defaults.DoLowerCase,
                ReadBool(root, "strip_accents", tokenizerConfigPath),
                ReadMaxLength(root, tokenizerConfigPath),
                ReadBool(root, "tokenize_chinese_chars", tokenizerConfigPath) ?? defaults.TokenizeChineseChars);
        }
        catch (JsonException e)
        {
            throw new SentimentModelException($"Tokenizer config is not valid JSON: {tokenizerConfigPath} ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SentimentModelException($"Tokenizer config could not be read: {tokenizerConfigPath} ({e.Message})", e);
        }
    }

    /// <summary>The settings as a Hugging Face tokenizer_config.json for a BertTokenizer.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("do_lower_case", DoLowerCase);
            if (StripAccents is { } strip) json.WriteBoolean("strip_accents", strip);
            else json.WriteNull("strip_accents");
            json.WriteNumber("model_max_length", ModelMaxLength);
            json.WriteBoolean("tokenize_chinese_chars", TokenizeChineseChars);
            json.WriteString("tokenizer_class", "BertTokenizer");
            json.WriteString("unk_token", "[UNK]");
            json.WriteString("sep_token", "[SEP]");
            json.WriteString("pad_token", "[PAD]");
            json.WriteString("cls_token", "[CLS]");
            json.WriteString("mask_token", "[MASK]");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static bool? ReadBool(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new SentimentModelException($"Tokenizer config {path}: '{key}' must be true, false or null, not {value.GetRawText()}."),
        };
    }

    private static int ReadMaxLength(JsonElement root, string path)
    {
        // Older configs name it max_len; Hugging Face still reads that.
        if (!root.TryGetProperty("model_max_length", out var value) && !root.TryGetProperty("max_len", out value))
            return PositionLimit;
        if (value.ValueKind == JsonValueKind.Null) return PositionLimit;
        if (value.ValueKind != JsonValueKind.Number)
            throw new SentimentModelException($"Tokenizer config {path}: 'model_max_length' must be a number, not {value.GetRawText()}.");

        var length = value.GetDouble();
        if (!(length >= 2))
            throw new SentimentModelException($"Tokenizer config {path}: 'model_max_length' {value.GetRawText()} leaves no room for [CLS] and [SEP].");
        return length >= PositionLimit ? PositionLimit : (int)length;
    }
}
