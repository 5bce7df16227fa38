using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Counseling.Api.Tests;

/// <summary>Bodies and polling shared by the batch, data and processing tests.</summary>
internal static class JobsApi
{
    /// <summary>The 40-turn fixture record under <paramref name="sessionId"/> (no id when null).</summary>
    public static JsonObject Record(string? sessionId)
    {
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "session-40-turns.json")))!.AsObject();
        data.Remove("session_id");
        if (sessionId is not null) data["session_id"] = sessionId;
        return data;
    }

    public static Task<HttpResponseMessage> Post(this HttpClient http, string path, JsonNode body) =>
        http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> Post(this HttpClient http, string path, string body) =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> Json(this HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>GETs <paramref name="path"/> until <paramref name="done"/> holds or 30 s pass; the last body either way.</summary>
    public static async Task<JsonNode> Until(this HttpClient http, string path, Func<JsonNode, bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var body = (await http.GetFromJsonAsync<JsonNode>(path))!;
            // Past the resume period (60 s): a session whose stage met a passing cluster error goes on at its
            // next reminder, which a loaded test run has been seen to need.
            if (done(body) || clock.Elapsed > TimeSpan.FromSeconds(90)) return body;
            await Task.Delay(50);
        }
    }
}
