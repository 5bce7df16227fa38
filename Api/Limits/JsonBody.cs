using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Counseling.Api.Limits;

/// <summary>
/// A request body as a JSON tree, or the 400 that says why it is not one. Every endpoint that takes JSON
/// reads it here, so malformed, non-UTF-8 or too deeply nested bodies get the same answer everywhere.
/// </summary>
internal static class JsonBody
{
    /// <param name="emptyIs">What an empty body stands for; null when a body is required.</param>
    public static async Task<(JsonNode? Body, IResult? Problem)> Read(HttpRequest http, CancellationToken cancelled, Func<JsonNode>? emptyIs = null)
    {
        // Kestrel caps the body (413 past CallyticsLimits.MaxRequestBytes), so holding it whole is bounded.
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, cancelled);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
            return emptyIs is not null ? (emptyIs(), null) : (null, Invalid("body", "The body is empty; a JSON object is expected."));
        // A StreamReader would turn bad bytes into U+FFFD silently, and JsonNode fails only when a value is read.
        if (!Utf8.IsValid(bytes.Span)) return (null, Invalid("body", "The body is not valid UTF-8."));
        try
        {
            var node = JsonNode.Parse(bytes.Span);
            EveryStringDecodes(node);
            return (node, null);
        }
        catch (JsonException e)
        {
            return (null, Invalid("body", $"The body is not valid JSON: {e.Message}"));
        }
        catch (InvalidOperationException e)
        {
            // An escaped lone surrogate (\ud800) is valid JSON syntax but not text.
            return (null, Invalid("body", $"The body holds a string that is not valid text: {e.Message}"));
        }
    }

    public static IResult Invalid(string field, string reason) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] });

    private static void EveryStringDecodes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) EveryStringDecodes(child);
                break;
            case JsonArray a:
                foreach (var child in a) EveryStringDecodes(child);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                _ = v.GetValue<string>();
                break;
        }
    }
}
