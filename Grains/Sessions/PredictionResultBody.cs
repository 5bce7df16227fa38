using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Sessions;

/// <summary>
/// The `prediction_result` object Callytics reads, in one place for the realtime answer and the webhook body
/// so the two cannot drift apart.
/// </summary>
public static class PredictionResultBody
{
    public static JsonObject? Of(SessionSnapshot session)
    {
        if (session.Prediction is not { } prediction) return null;
        var features = session.FeaturesJson is null ? null : JsonNode.Parse(session.FeaturesJson);
        return new JsonObject
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
        };
    }
}
