using System.Text.Json.Nodes;
using Counseling.Api.Jobs;
using Counseling.Api.Limits;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Webhooks;

namespace Counseling.Api.Callytics;

/// <summary>
/// Callytics' batch: many process-data bodies run in the background with a bound on how many are in flight.
/// Progress is at <c>GET /api/v1/callytics/batch-process/{batch_id}</c>.
/// </summary>
public static class CallyticsBatchApi
{
    public static RouteGroupBuilder MapCallyticsBatchApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/callytics").WithTags("Callytics").RequireRateLimiting(RateLimitExtensions.PerCaller);
        group.MapPost("/batch-process", BatchProcess).RequireAuthorization(SecurityExtensions.IngestPolicy);
        group.MapGet("/batch-process/{batchId}", Progress).RequireAuthorization(SecurityExtensions.ReadPolicy);
        return group;
    }

    private static async Task<IResult> BatchProcess(HttpRequest http, IClusterClient cluster, CallbackUrlPolicy callbacks, CancellationToken cancelled)
    {
        var (body, problem) = await JsonBody.Read(http, cancelled);
        if (problem is not null) return problem;
        if (body is not JsonObject root) return JsonBody.Invalid("body", "The body must be a JSON object with requests.");

        var errors = new Dictionary<string, string[]>();
        var batchId = JobFields.Id(root, "batch_id", "batch_", errors);
        var maxConcurrent = JobFields.MaxConcurrent(root, errors);
        if (root["requests"] is not JsonArray items || items.Count == 0)
        {
            errors["requests"] = ["requests must be a non-empty array of process-data bodies."];
            return Results.ValidationProblem(errors);
        }
        if (items.Count > JobFields.MaxSessionsPerRequest)
        {
            errors["requests"] = [$"{items.Count:N0} requests; at most {JobFields.MaxSessionsPerRequest:N0} go in one batch."];
            return Results.ValidationProblem(errors);
        }

        var requests = new List<ProcessDataRequest>();
        var firstIndexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var (request, itemErrors) = ProcessDataRequest.Read(items[i]);
            // "body" in a lone process-data is the item itself here.
            if (itemErrors.Remove("body", out var notAnObject)) errors[$"requests[{i}]"] = notAnObject;
            JobFields.AddPrefixed(errors, $"requests[{i}].", itemErrors);
            if (request is null) continue;
            if (!firstIndexOf.TryAdd(request.SessionId, i))
                errors[$"requests[{i}].session_id"] = [$"session_id '{request.SessionId}' is also requests[{firstIndexOf[request.SessionId]}]."];
            if (request.Submission.CallbackUrl is { } url && await callbacks.Refusal(url, cancelled) is { } refusal)
                errors[$"requests[{i}].callback_url"] = [refusal];
            requests.Add(request);
        }
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var batch = cluster.GetGrain<IBatchGrain>(BatchKey.Callytics(batchId));
        var existing = await batch.GetView();
        if (existing.State != BatchState.None) return Results.Ok(Accepted(batchId, existing, "같은 batch_id 의 배치가 이미 있습니다."));

        // Stored first, then run by the batch grain at its pace; storing the same content twice changes nothing.
        await Task.WhenAll(requests.Select(r => cluster.GetGrain<ISessionGrain>(r.SessionId).Upload(r.Submission)));
        var view = await batch.Start(new BatchOrder(requests.Select(r => r.SessionId).ToArray(), maxConcurrent));
        return Results.Accepted($"/api/v1/callytics/batch-process/{batchId}", Accepted(batchId, view, "배치 처리가 시작되었습니다."));
    }

    private static async Task<IResult> Progress(string batchId, IClusterClient cluster)
    {
        var view = await cluster.GetGrain<IBatchGrain>(BatchKey.Callytics(batchId)).GetView();
        if (view.State == BatchState.None) return BatchBody.NotFound("Batch", "batch_id", batchId);
        var body = BatchBody.Progress(view, StatusWord(view.State));
        body["batch_id"] = batchId;
        return Results.Ok(body);
    }

    private static object Accepted(string batchId, BatchView view, string message) => new
    {
        batch_id = batchId,
        session_ids = view.Sessions.Select(s => s.SessionId).ToArray(),
        status = StatusWord(view.State),
        total = view.Total,
        max_concurrent = view.MaxConcurrent,
        message,
    };

    private static string StatusWord(BatchState state) => state switch
    {
        BatchState.Completed => "completed",
        BatchState.Cancelled => "cancelled",
        _ => "processing",
    };
}
