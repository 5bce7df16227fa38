using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Api.Callytics;

/// <summary>
/// A `process-data` body, read field by field so each mistake is reported against its field
/// instead of failing the whole body with one deserialization error.
/// </summary>
public sealed record ProcessDataRequest(string SessionId, SessionSubmission Submission, bool Realtime)
{
    public static (ProcessDataRequest? Request, Dictionary<string, string[]> Errors) Read(JsonNode? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is not JsonObject root)
        {
            errors["body"] = ["The body must be a JSON object."];
            return (null, errors);
        }
        if (root["data"] is not JsonObject data)
        {
            errors["data"] = ["'data' is required and must be an object holding consulting_content."];
            return (null, errors);
        }

        var sessionId = Text(root, "session_id", errors) ?? Text(data, "session_id", errors, "data.session_id");
        if (sessionId is null && !errors.ContainsKey("session_id"))
            sessionId = "session_" + Guid.NewGuid().ToString("N")[..16];
        else if (sessionId is not null && !CallyticsLimits.SessionId().IsMatch(sessionId))
            errors["session_id"] = [SessionProblems.IdRule("session_id")];

        var mode = Text(root, "processing_mode", errors) ?? "realtime";
        if (mode is not ("realtime" or "background"))
            errors["processing_mode"] = ["processing_mode must be 'realtime' or 'background'."];

        var priority = 3;
        if (root["priority"] is { } p)
        {
            if (p.GetValueKind() != JsonValueKind.Number || !p.AsValue().TryGetValue<int>(out priority) || priority is < 1 or > 5)
                errors["priority"] = ["priority must be a whole number from 1 to 5."];
        }

        var content = Text(data, "consulting_content", errors, "data.consulting_content");
        if (content is null && !errors.ContainsKey("data.consulting_content"))
            errors["data.consulting_content"] = ["consulting_content is required."];
        else if (content is { Length: > CallyticsLimits.MaxContentLength })
            errors["data.consulting_content"] = [$"consulting_content is {content.Length:N0} characters; the limit is {CallyticsLimits.MaxContentLength:N0}."];

        var callback = Text(root, "callback_url", errors);
        if (errors.Count > 0) return (null, errors);

        // Stage 1's reader knows both shapes of `instructions` and which fields are metadata.
        var copy = (JsonObject)data.DeepClone();
        copy["session_id"] = sessionId;
        var read = SessionRecordReader.Parse(copy.ToJsonString(), "data");
        if (read.Records.Count != 1)
        {
            errors["data"] = [read.Problems.Count > 0 ? read.Problems[0].Reason : "data is not a session record."];
            return (null, errors);
        }
        var record = read.Records[0];
        var submission = new SessionSubmission(record.ConsultingContent,
            record.Instructions.Select(i => new SubmittedInstruction(i.TaskCategory, i.Output)).ToArray(),
            record.Metadata, priority, callback);
        return (new ProcessDataRequest(sessionId!, submission, mode == "realtime"), errors);
    }

    private static string? Text(JsonObject owner, string name, Dictionary<string, string[]> errors, string? field = null)
    {
        if (owner[name] is not { } node) return null;
        if (node.GetValueKind() == JsonValueKind.Null) return null;
        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors[field ?? name] = [$"{field ?? name} must be a string."];
            return null;
        }
        return node.GetValue<string>();
    }
}
