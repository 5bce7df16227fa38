using System.Net;
using System.Text.Json.Nodes;

namespace Counseling.Api.Tests;

internal static class ProblemAssert
{
    /// <summary>A 400 problem+json whose errors name <paramref name="field"/>.</summary>
    public static async Task NamesField(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
    }
}
