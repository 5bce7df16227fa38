using System.Text.Json.Nodes;
using Counseling.Api.Callytics;
using Counseling.Api.Jobs;
using Counseling.Api.Limits;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Webhooks;

namespace Counseling.Api.Data;

/// <summary>Stored sessions: upload without running, read back, delete with everything derived from them.</summary>
public static class DataApi
{
    public static RouteGroupBuilder MapDataApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/data").WithTags("Data").RequireRateLimiting(RateLimitExtensions.PerCaller);
        group.MapPost("/upload", Upload).RequireAuthorization(SecurityExtensions.IngestPolicy);
        group.MapPost("/batch-upload", BatchUpload).RequireAuthorization(SecurityExtensions.IngestPolicy);
        group.MapGet("/{sessionId}", Get).RequireAuthorization(SecurityExtensions.ReadPolicy);
        group.MapDelete("/{sessionId}", Delete).RequireAuthorization(SecurityExtensions.AdminPolicy);
        return group;
    }

    private static async Task<IResult> Upload(HttpRequest http, IClusterClient cluster, CallbackUrlPolicy callbacks, CancellationToken cancelled)
    {
        var (body, problem) = await JsonBody.Read(http, cancelled);
        if (problem is not null) return problem;
        var (request, errors) = UploadRecords.Read(body, "");
        if (request is null) return Results.ValidationProblem(errors);
        if (request.Submission.CallbackUrl is { } url && await callbacks.Refusal(url, cancelled) is { } refusal)
            return JsonBody.Invalid("callback_url", refusal);

        var receipt = await cluster.GetGrain<ISessionGrain>(request.SessionId).Upload(request.Submission);
        if (receipt.Outcome == UploadOutcome.Stored)
            await cluster.GetGrain<IUploadRegistryGrain>(0).Add([request.SessionId]);
        return receipt.Outcome switch
        {
            UploadOutcome.Busy => Busy(receipt.Snapshot),
            UploadOutcome.Unchanged => Results.Ok(Receipt(receipt, "같은 내용이 이미 저장되어 있습니다.")),
            _ => Results.Created($"/api/v1/data/{request.SessionId}", Receipt(receipt, "상담 데이터가 저장되었습니다. 처리 시작으로 분석을 실행하세요.")),
        };
    }

    private static async Task<IResult> BatchUpload(HttpRequest http, IClusterClient cluster, CallbackUrlPolicy callbacks, CancellationToken cancelled)
    {
        var (body, problem) = await JsonBody.Read(http, cancelled);
        if (problem is not null) return problem;
        JsonArray? records = body switch
        {
            JsonArray array => array,
            JsonObject { } root when root["records"] is JsonArray array => array,
            _ => null,
        };
        if (records is null) return JsonBody.Invalid("records", "The body must be {\"records\": [...]} or a JSON array of records.");

        // An element that is itself an array is one AI-Hub file (a JSON array of records); its records are read in place.
        var items = new List<(string Name, JsonNode? Node)>();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is JsonArray file)
                for (var j = 0; j < file.Count; j++) items.Add(($"records[{i}][{j}]", file[j]));
            else
                items.Add(($"records[{i}]", records[i]));
        }
        if (items.Count == 0) return JsonBody.Invalid("records", "records is empty.");
        if (items.Count > JobFields.MaxSessionsPerRequest)
            return JsonBody.Invalid("records", $"{items.Count:N0} records; at most {JobFields.MaxSessionsPerRequest:N0} go in one request.");

        var errors = new Dictionary<string, string[]>();
        var read = new List<ProcessDataRequest>();
        foreach (var (name, node) in items)
        {
            var (request, itemErrors) = UploadRecords.Read(node, name + ".");
            JobFields.AddPrefixed(errors, "", itemErrors);
            if (request is null) continue;
            if (request.Submission.CallbackUrl is { } url && await callbacks.Refusal(url, cancelled) is { } refusal)
                errors[name + ".callback_url"] = [refusal];
            read.Add(request);
        }
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var sessions = read.GroupBy(r => r.SessionId, StringComparer.Ordinal)
            .Select(g => (SessionId: g.Key, Submission: UploadRecords.Merge(g.Key, g.ToList()))).ToList();
        var receipts = await Task.WhenAll(sessions.Select(s => cluster.GetGrain<ISessionGrain>(s.SessionId).Upload(s.Submission)));
        var stored = receipts.Where(r => r.Outcome == UploadOutcome.Stored).Select(r => r.Snapshot.SessionId).ToArray();
        if (stored.Length > 0) await cluster.GetGrain<IUploadRegistryGrain>(0).Add(stored);
        return Results.Ok(new
        {
            total = receipts.Length,
            records = items.Count,
            merged = items.Count - receipts.Length,
            stored = stored.Length,
            unchanged = receipts.Count(r => r.Outcome == UploadOutcome.Unchanged),
            busy = receipts.Count(r => r.Outcome == UploadOutcome.Busy),
            session_ids = receipts.Select(r => r.Snapshot.SessionId).ToArray(),
            sessions = receipts.Select(r => new { session_id = r.Snapshot.SessionId, status = r.Snapshot.Status, outcome = Word(r.Outcome) }).ToArray(),
        });
    }

    private static async Task<IResult> Get(string sessionId, IClusterClient cluster)
    {
        var grain = cluster.GetGrain<ISessionGrain>(sessionId);
        var snapshot = await grain.GetSnapshot();
        if (snapshot.Stage == SessionStage.None) return SessionProblems.NotFound(sessionId);
        var submission = await grain.GetSubmission();
        JsonObject? record = null;
        if (submission is not null)
        {
            record = new JsonObject { ["session_id"] = sessionId, ["consulting_content"] = submission.ConsultingContent };
            foreach (var (key, value) in submission.Metadata) record.TryAdd(key, value);
            record["instructions"] = new JsonArray(submission.Instructions
                .Select(i => (JsonNode)new JsonObject { ["task_category"] = i.TaskCategory, ["output"] = i.Output }).ToArray());
        }
        return Results.Ok(new
        {
            session_id = sessionId,
            status = snapshot.Status,
            version = snapshot.Version,
            created_at = snapshot.CreatedAt,
            updated_at = snapshot.UpdatedAt,
            priority = submission?.Priority,
            callback_url = submission?.CallbackUrl,
            prediction = snapshot.Prediction?.Label,
            confidence = snapshot.Prediction?.Confidence,
            error = snapshot.Error,
            record,
        });
    }

    private static async Task<IResult> Delete(string sessionId, IClusterClient cluster)
    {
        var grain = cluster.GetGrain<ISessionGrain>(sessionId);
        if ((await grain.GetSnapshot()).Stage == SessionStage.None) return SessionProblems.NotFound(sessionId);
        // The session grain removes its state, its history rows and its webhook deliveries; the registry holds its id.
        await grain.Delete();
        await cluster.GetGrain<IUploadRegistryGrain>(0).Remove([sessionId]);
        return Results.NoContent();
    }

    private static object Receipt(UploadReceipt receipt, string message) => new
    {
        session_id = receipt.Snapshot.SessionId,
        status = receipt.Snapshot.Status,
        version = receipt.Snapshot.Version,
        outcome = Word(receipt.Outcome),
        message,
    };

    private static string Word(UploadOutcome outcome) => outcome switch
    {
        UploadOutcome.Stored => "stored",
        UploadOutcome.Unchanged => "unchanged",
        _ => "busy",
    };

    private static IResult Busy(SessionSnapshot snapshot) => Results.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "The session is being processed",
        detail: $"Session '{snapshot.SessionId}' is in the pipeline with other content; upload again once it has finished.",
        extensions: new Dictionary<string, object?> { ["session_id"] = snapshot.SessionId, ["session_status"] = snapshot.Status });
}
