using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// Writes a generated session as one input record, in the shape Callytics sends and the training
/// files hold, so the same stage-1 reader consumes real and synthetic data.
/// </summary>
public static class SessionJsonl
{
    public const string Source = "synthetic";

    // Hangul stays readable in the file; the default encoder would write every syllable as \uXXXX.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static void Write(GeneratedSession session, TextWriter writer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("session_id", session.SessionId);
            json.WriteString("consulting_content", session.ConsultingContent);
            json.WriteStartArray("instructions");
            json.WriteStartObject();
            json.WriteString("tuning_type", "분류");
            json.WriteStartArray("data");
            Task(json, "상담 주제", session.Topic);
            Task(json, "상담 내용", session.Content);
            Task(json, "상담 결과", session.Outcome);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("source", Source);
            json.WriteString("consulting_category", session.Domain);
            json.WriteEndObject();
        }
        writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        // "\n" and not WriteLine: the file must be the same bytes on every platform.
        writer.Write('\n');
    }

    private static void Task(Utf8JsonWriter json, string category, string output)
    {
        json.WriteStartObject();
        json.WriteString("task_category", category);
        json.WriteString("output", output);
        json.WriteEndObject();
    }
}
