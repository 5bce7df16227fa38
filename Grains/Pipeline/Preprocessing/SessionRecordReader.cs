using System.Text.Json;

namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>
/// Reads session records from JSON: one object, an array of objects, or JSONL; and from a folder of
/// AI-Hub style files. Each record stands alone: one that cannot be read is reported with where it
/// was and skipped, so one broken file of a large corpus does not stop the rest.
/// </summary>
public static class SessionRecordReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    // Fields with a place of their own in SessionRecord; everything else scalar is metadata.
    private static readonly HashSet<string> RecordFields = ["session_id", "consulting_content", "instructions"];

    /// <param name="json">One JSON object, a JSON array of objects, or JSONL (one object a line).</param>
    /// <param name="source">Names the input in problems.</param>
    public static SessionRecordReadResult Parse(string json, string source = "<input>")
    {
        var records = new List<SessionRecord>();
        var problems = new List<(string, string)>();
        ParseDocument(json, source, records, problems);
        return new SessionRecordReadResult(records, problems);
    }

    public static SessionRecordReadResult Read(Stream stream, string source = "<stream>")
    {
        // StreamReader honours a UTF-8 BOM, which Windows tools put on Korean text files.
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Parse(reader.ReadToEnd(), source);
    }

    public static SessionRecordReadResult ReadFile(string path)
    {
        if (!File.Exists(path)) throw new PreprocessException(path, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Every <c>*.json</c> and <c>*.jsonl</c> file under the folder, its subfolders included, in path order.</summary>
    public static SessionRecordReadResult ReadDirectory(string path)
    {
        if (!Directory.Exists(path)) throw new PreprocessException(path, "directory not found");
        var records = new List<SessionRecord>();
        var problems = new List<(string, string)>();
        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (IOException e) { problems.Add((file, $"cannot be read: {e.Message}")); continue; }
            catch (UnauthorizedAccessException e) { problems.Add((file, $"cannot be read: {e.Message}")); continue; }
            ParseDocument(text, file, records, problems);
        }
        return new SessionRecordReadResult(records, problems);
    }

    /// <summary>A folder is read as a corpus, anything else as one file.</summary>
    public static SessionRecordReadResult ReadPath(string path) => Directory.Exists(path) ? ReadDirectory(path) : ReadFile(path);

    private static void ParseDocument(string text, string source, List<SessionRecord> records, List<(string, string)> problems)
    {
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add((source, "is empty; expected a JSON object, a JSON array of objects, or JSONL"));
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException) when (LooksLikeJsonLines(text))
        {
            // Several objects one after another cannot be one JSON document; read them a line at a time.
            ParseLines(text, source, records, problems);
            return;
        }
        catch (JsonException e)
        {
            problems.Add((source, $"is not valid JSON: {e.Message}"));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    AddRecord(root, source, "record", records, problems);
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var element in root.EnumerateArray())
                        AddRecord(element, source, $"record {++index}", records, problems);
                    if (index == 0) problems.Add((source, "is an empty array; no records"));
                    break;
                default:
                    problems.Add((source, $"is a JSON {Describe(root.ValueKind)}; expected an object or an array of objects"));
                    break;
            }
        }
    }

    private static bool LooksLikeJsonLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.Count > 1 && lines[0].Length > 1 && lines[0][0] == '{' && lines[0][^1] == '}';
    }

    private static void ParseLines(string text, string source, List<SessionRecord> records, List<(string, string)> problems)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            try
            {
                using var document = JsonDocument.Parse(line, DocumentOptions);
                AddRecord(document.RootElement, source, $"line {i + 1}", records, problems);
            }
            catch (JsonException e)
            {
                problems.Add((source, $"line {i + 1}: not valid JSON: {e.Message}"));
            }
        }
    }

    private static void AddRecord(JsonElement element, string source, string where, List<SessionRecord> records, List<(string, string)> problems)
    {
        try
        {
            records.Add(ToRecord(element));
        }
        catch (InvalidRecordException e)
        {
            var who = e.SessionId is null ? where : $"{where} ({e.SessionId})";
            problems.Add((source, $"{who}: {e.Message}"));
        }
    }

    private static SessionRecord ToRecord(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InvalidRecordException(null, $"is a JSON {Describe(element.ValueKind)}; expected an object");

        var sessionId = ScalarField(element, "session_id", null) ?? ScalarField(element, "source_id", null);
        if (string.IsNullOrWhiteSpace(sessionId))
            throw new InvalidRecordException(null, "has neither session_id nor source_id");
        sessionId = sessionId.Trim();

        if (!element.TryGetProperty("consulting_content", out var content) || content.ValueKind == JsonValueKind.Null)
            throw new InvalidRecordException(sessionId, "missing consulting_content");
        if (content.ValueKind != JsonValueKind.String)
            throw new InvalidRecordException(sessionId, $"consulting_content is a JSON {Describe(content.ValueKind)}; expected a string");

        return new SessionRecord(sessionId, content.GetString()!, ReadInstructions(element, sessionId), ReadMetadata(element));
    }

    private static List<Instruction> ReadInstructions(JsonElement record, string sessionId)
    {
        var instructions = new List<Instruction>();
        // Prediction requests may carry no instructions at all; that is not an error.
        if (!record.TryGetProperty("instructions", out var list) || list.ValueKind == JsonValueKind.Null) return instructions;
        if (list.ValueKind != JsonValueKind.Array)
            throw new InvalidRecordException(sessionId, $"instructions is a JSON {Describe(list.ValueKind)}; expected an array");

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"instructions[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw new InvalidRecordException(sessionId, $"{where} is a JSON {Describe(item.ValueKind)}; expected an object");
            if (item.TryGetProperty("data", out var data))
            {
                if (data.ValueKind != JsonValueKind.Array)
                    throw new InvalidRecordException(sessionId, $"{where}.data is a JSON {Describe(data.ValueKind)}; expected an array");
                var j = 0;
                foreach (var entry in data.EnumerateArray())
                    instructions.Add(ReadInstruction(entry, sessionId, $"{where}.data[{j++}]"));
            }
            else if (item.TryGetProperty("task_category", out _))
            {
                instructions.Add(ReadInstruction(item, sessionId, where));
            }
            else
            {
                throw new InvalidRecordException(sessionId, $"{where} has neither data nor task_category");
            }
        }
        return instructions;
    }

    private static Instruction ReadInstruction(JsonElement entry, string sessionId, string where)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw new InvalidRecordException(sessionId, $"{where} is a JSON {Describe(entry.ValueKind)}; expected an object");
        // Trimmed because a label "만족 " must count as the class "만족".
        var category = ScalarField(entry, "task_category", sessionId)?.Trim();
        if (string.IsNullOrEmpty(category)) throw new InvalidRecordException(sessionId, $"{where} has no task_category");
        var output = ScalarField(entry, "output", sessionId)
            ?? throw new InvalidRecordException(sessionId, $"{where} ({category}) has no output");
        return new Instruction(category, output.Trim());
    }

    private static Dictionary<string, string> ReadMetadata(JsonElement record)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in record.EnumerateObject())
        {
            if (RecordFields.Contains(property.Name)) continue;
            if (Scalar(property.Value) is { } value) metadata.TryAdd(property.Name, value);
        }
        return metadata;
    }

    /// <summary>The field as a string when it is a string, number or boolean; null when absent or null.</summary>
    private static string? ScalarField(JsonElement owner, string name, string? sessionId)
    {
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return Scalar(value) ?? throw new InvalidRecordException(sessionId, $"{name} is a JSON {Describe(value.ValueKind)}; expected a string");
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        // Raw text keeps a number as the file wrote it: source_id 40001 stays "40001", not "40001.0".
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private sealed class InvalidRecordException(string? sessionId, string reason) : Exception(reason)
    {
        public string? SessionId { get; } = sessionId;
    }
}
