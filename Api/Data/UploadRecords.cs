using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Api.Callytics;
using Counseling.Api.Jobs;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Api.Data;

/// <summary>
/// Upload bodies: an input record (the <c>data</c> object of process-data), or a whole process-data body when
/// the caller wants a priority or callback kept with it. Both are checked by <see cref="ProcessDataRequest"/>,
/// so an upload is refused for exactly what process-data refuses.
/// </summary>
internal static class UploadRecords
{
    /// <param name="prefix">Put before every field name in errors: "" for one upload, "records[2]." in a batch.</param>
    public static (ProcessDataRequest? Request, Dictionary<string, string[]> Errors) Read(JsonNode? node, string prefix)
    {
        var errors = new Dictionary<string, string[]>();
        var here = prefix.Length == 0 ? "body" : prefix.TrimEnd('.');
        if (node is not JsonObject record)
        {
            errors[here] = ["A record must be a JSON object holding consulting_content."];
            return (null, errors);
        }

        if (record["data"] is JsonObject)
        {
            var (wrapped, wrappedErrors) = ProcessDataRequest.Read(record);
            JobFields.AddPrefixed(errors, prefix, wrappedErrors);
            return (wrapped, errors);
        }

        var body = new JsonObject { ["data"] = record.DeepClone(), ["processing_mode"] = "background" };
        // AI-Hub style records name their session by source_id alone.
        if (record["session_id"] is null && record["source_id"] is JsonValue sourceId)
            body["session_id"] = sourceId.GetValueKind() == JsonValueKind.String ? sourceId.GetValue<string>() : sourceId.ToJsonString();
        var (request, inner) = ProcessDataRequest.Read(body);
        // The record is the body here, so its fields are named without the "data." of process-data.
        foreach (var (field, reasons) in inner)
            errors[field == "data" ? here : prefix + (field.StartsWith("data.", StringComparison.Ordinal) ? field[5..] : field)] = reasons;
        return (request, errors);
    }

    /// <summary>
    /// Records of one session (AI-Hub splits a session over files sharing source_id) become one submission,
    /// joined by stage 1's own merger; the first record's priority and callback stand.
    /// </summary>
    public static SessionSubmission Merge(string sessionId, IReadOnlyList<ProcessDataRequest> parts)
    {
        if (parts.Count == 1) return parts[0].Submission;
        var merged = SessionMerger.Merge(parts.Select(p => new SessionRecord(sessionId, p.Submission.ConsultingContent,
            p.Submission.Instructions.Select(i => new Instruction(i.TaskCategory, i.Output)).ToArray(), p.Submission.Metadata))).Single();
        return new SessionSubmission(merged.ConsultingContent,
            merged.Instructions.Select(i => new SubmittedInstruction(i.TaskCategory, i.Output)).ToArray(),
            merged.Metadata, parts[0].Submission.Priority, parts[0].Submission.CallbackUrl);
    }
}
