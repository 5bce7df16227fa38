using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Counseling.Api.Docs;

/// <summary>
/// Puts a Korean example on an operation. The handlers read raw JSON (to name the wrong field), so the
/// document cannot infer request bodies or answers; every example transformer writes them through here.
/// </summary>
internal static class OpenApiExample
{
    public static void Request(OpenApiOperation operation, string description, JsonNode example, bool required = true) =>
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = required,
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object }, Example = example.DeepClone() },
            },
        };

    public static void Response(OpenApiOperation operation, string status, string description, JsonNode example)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Example = example.DeepClone() } },
        };
    }
}
