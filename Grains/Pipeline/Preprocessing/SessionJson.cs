using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>
/// Stage 1's output on disk: a session as one snake_case JSON object, sessions as JSONL.
/// <c>{"session_id":…,"utterances":[{"speaker":"counselor","text":…}],"instructions":[{"task_category":…,"output":…}],"metadata":{…}}</c>
/// </summary>
public static class SessionJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Korean text stays readable in the files instead of \uXXXX escapes; they are data, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>One line of JSON, no trailing newline.</summary>
    public static string Serialize(Session session) => JsonSerializer.Serialize(SessionLine.From(session), Options);

    /// <exception cref="PreprocessException">Not a session as <see cref="Serialize"/> writes it.</exception>
    public static Session Deserialize(string json, string source = "<session json>")
    {
        SessionLine? line;
        try { line = JsonSerializer.Deserialize<SessionLine>(json, Options); }
        catch (JsonException e) { throw new PreprocessException(source, $"not a session JSON object: {e.Message}", e); }
        return (line ?? throw new PreprocessException(source, "is null; expected a session object")).ToSession(source);
    }

    public static void WriteLines(IEnumerable<Session> sessions, TextWriter output)
    {
        // "\n" rather than WriteLine: the files are the same bytes on every OS.
        foreach (var session in sessions) output.Write(Serialize(session) + "\n");
    }

    /// <summary>Sessions of a JSONL text, blank lines skipped; an error names the line.</summary>
    public static IEnumerable<Session> ReadLines(TextReader input, string source = "<sessions>")
    {
        var number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0) continue;
            yield return Deserialize(line, $"{source} line {number}");
        }
    }

    // The wire shape kept apart from Session so that renaming a C# member never changes the file format.
    private sealed class SessionLine
    {
        public string? SessionId { get; set; }
        public List<UtteranceLine>? Utterances { get; set; }
        public List<InstructionLine>? Instructions { get; set; }
        public Dictionary<string, string>? Metadata { get; set; }

        public static SessionLine From(Session s) => new()
        {
            SessionId = s.SessionId,
            Utterances = s.Utterances.Select(u => new UtteranceLine { Speaker = u.Speaker, Text = u.Text }).ToList(),
            Instructions = s.Instructions.Select(i => new InstructionLine { TaskCategory = i.TaskCategory, Output = i.Output }).ToList(),
            Metadata = new Dictionary<string, string>(s.Metadata),
        };

        public Session ToSession(string source)
        {
            if (string.IsNullOrEmpty(SessionId)) throw new PreprocessException(source, "missing session_id");
            if (Utterances is null) throw new PreprocessException(SessionId, $"{source}: missing utterances");
            var utterances = Utterances.Select((u, i) => new Utterance(
                u.Speaker ?? throw new PreprocessException(SessionId, $"{source}: utterances[{i}] has no speaker"),
                u.Text ?? throw new PreprocessException(SessionId, $"{source}: utterances[{i}] has no text"))).ToList();
            var instructions = (Instructions ?? []).Select((x, i) => new Instruction(
                x.TaskCategory ?? throw new PreprocessException(SessionId, $"{source}: instructions[{i}] has no task_category"),
                x.Output ?? throw new PreprocessException(SessionId, $"{source}: instructions[{i}] has no output"))).ToList();
            return new Session(SessionId, utterances, instructions, Metadata ?? []);
        }
    }

    private sealed class UtteranceLine
    {
        // Nullable so that a missing speaker is an error, not silently the enum's first value.
        public Speaker? Speaker { get; set; }
        public string? Text { get; set; }
    }

    private sealed class InstructionLine
    {
        public string? TaskCategory { get; set; }
        public string? Output { get; set; }
    }
}
