using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Sessions;

namespace Counseling.Grains.Webhooks;

/// <summary>
/// The body POSTed to a callback: the session's outcome in the shape of the realtime process-data answer,
/// serialised once so every retry sends, and signs, the very same bytes.
/// </summary>
public static class WebhookPayload
{
    public static byte[] Build(SessionSnapshot session)
    {
        var body = new JsonObject
        {
            ["event"] = session.Stage == SessionStage.Completed ? "session.completed" : "session.failed",
            ["session_id"] = session.SessionId,
            ["version"] = session.Version,
            ["status"] = session.Status,
            ["prediction_result"] = PredictionResultBody.Of(session),
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
