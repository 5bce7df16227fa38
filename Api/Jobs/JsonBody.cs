using System.Text.Json;
using System.Text.Json.Nodes;

namespace Counseling.Api.Jobs;

/// <summary>A request body as a JSON tree, or the 400 that says why it is not one.</summary>
internal static class JsonBody
{
    /// <param name="emptyIs">What an empty body stands for; null when a body is required.</param>
    public static async Task<(JsonNode? Body, IResult? Problem)> Read(HttpRequest http, CancellationToken cancelled, Func<JsonNode>? emptyIs = null)
    {
        using var reader = new StreamReader(http.Body);
        var text = await reader.ReadToEndAsync(cancelled);
        if (string.IsNullOrWhiteSpace(text) && emptyIs is not null) return (emptyIs(), null);
        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, Invalid("body", $"The body is not valid JSON: {e.Message}"));
        }
    }

    public static IResult Invalid(string field, string reason) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] });
}
