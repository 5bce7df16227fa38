using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Webhooks;

/// <summary>
/// The body POSTed to a callback: the session's outcome in the shape of the realtime process-data answer,
/// serialised once so every retry sends, and signs, the very same bytes.
/// </summary>
public static class WebhookPayload
{
    public static byte[] Build(SessionSnapshot session)
    {
        var features = session.FeaturesJson is null ? null : JsonNode.Parse(session.FeaturesJson);
        var body = new JsonObject
        {
            ["event"] = session.Stage == SessionStage.Completed ? "session.completed" : "session.failed",
            ["session_id"] = session.SessionId,
            ["version"] = session.Version,
            ["status"] = session.Status,
            ["prediction_result"] = session.Prediction is not { } prediction ? null : new JsonObject
            {
                ["prediction"] = prediction.Label,
                ["confidence"] = prediction.Confidence,
                ["session_id"] = session.SessionId,
                ["model_version"] = prediction.ModelVersion,
                ["features"] = new JsonObject
                {
                    ["sentiment_score"] = features?["sentiment_analysis"]?["overall_sentiment"]?.DeepClone(),
                    ["speech_count"] = features?["basic_stats"]?["speech_count"]?.DeepClone(),
                    ["category"] = features?["categories"]?["mid_category"]?.DeepClone(),
                },
            },
            ["error"] = session.Error,
            ["created_at"] = session.CreatedAt,
            ["finished_at"] = session.UpdatedAt,
        };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>Stable for one run of one session version, so receivers can drop repeats of the same result.</summary>
    public static string IdempotencyKey(SessionSnapshot session) =>
        $"{session.SessionId}:{session.Version}:{session.CreatedAt?.ToUnixTimeMilliseconds() ?? 0}";
}
