using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Api.Tests;

/// <summary>
/// A fresh Api (its own embedded silo, so nothing else's sessions are in its counts) that has processed
/// <see cref="Count"/> generated sessions in realtime, one after another, with a time noted between the first
/// <see cref="EarlyCount"/> and the rest for the history's time filters.
/// </summary>
public sealed class ProcessedSessions : IAsyncLifetime
{
    public const int Count = 6;
    public const int EarlyCount = 2;

    public ApiFactory Factory { get; } = new();

    public List<string> SessionIds { get; } = [];

    /// <summary>Labels as the realtime answers gave them, by session id.</summary>
    public Dictionary<string, string> Labels { get; } = [];

    public DateTimeOffset Before { get; private set; }

    /// <summary>After the early sessions were created and before the later ones.</summary>
    public DateTimeOffset Between { get; private set; }

    /// <summary>A phrase of every submitted dialogue, to look for in places where consultation text must not be.</summary>
    public List<string> Phrases { get; } = [];

    public async Task InitializeAsync()
    {
        var http = Factory.CreateClient(ApiFactory.IngestReadKey);
        var generated = new DialogueGenerator(20261202).Generate(Count).ToArray();
        Before = DateTimeOffset.UtcNow;
        for (var i = 0; i < Count; i++)
        {
            if (i == EarlyCount)
            {
                await Task.Delay(50);
                Between = DateTimeOffset.UtcNow;
                await Task.Delay(50);
            }
            var id = $"ops_session_{i}";
            var session = generated[i];
            var data = new JsonObject
            {
                ["consulting_content"] = session.ConsultingContent,
                ["instructions"] = new JsonArray(new JsonObject
                {
                    ["tuning_type"] = "분류",
                    ["data"] = new JsonArray(
                        new JsonObject { ["task_category"] = "상담 주제", ["output"] = session.Topic },
                        new JsonObject { ["task_category"] = "상담 내용", ["output"] = session.Content }),
                }),
            };
            var request = new JsonObject { ["session_id"] = id, ["data"] = data, ["processing_mode"] = "realtime", ["priority"] = 3 };
            var response = await http.PostAsync("/api/v1/callytics/process-data", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"Session {id} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            SessionIds.Add(id);
            Labels[id] = body["prediction_result"]!["prediction"]!.GetValue<string>();
            Phrases.Add(session.ConsultingContent.Split('\n').Select(l => l.Split(':', 2)[^1].Trim()).MaxBy(t => t.Length)!);
        }
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProcessedCollection : ICollectionFixture<ProcessedSessions>
{
    public const string Name = "api-processed";
}
