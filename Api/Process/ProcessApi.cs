using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Api.Callytics;
using Counseling.Api.Jobs;
using Counseling.Api.Limits;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;

namespace Counseling.Api.Process;

/// <summary>Processing tasks: run the pipeline on uploaded sessions, follow the task, cancel it.</summary>
public static class ProcessApi
{
    public static RouteGroupBuilder MapProcessApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/process").WithTags("Processing").RequireRateLimiting(RateLimitExtensions.PerCaller);
        group.MapPost("/start", Start).RequireAuthorization(SecurityExtensions.IngestPolicy);
        group.MapGet("/status/{taskId}", Status).RequireAuthorization(SecurityExtensions.ReadPolicy);
        group.MapPost("/cancel/{taskId}", Cancel).RequireAuthorization(SecurityExtensions.IngestPolicy);
        return group;
    }

    private static async Task<IResult> Start(HttpRequest http, IClusterClient cluster, CancellationToken cancelled)
    {
        // No body is the plainest way to say "everything uploaded".
        var (body, problem) = await JsonBody.Read(http, cancelled, emptyIs: () => new JsonObject());
        if (problem is not null) return problem;
        if (body is not JsonObject root) return JsonBody.Invalid("body", "The body must be a JSON object.");

        var errors = new Dictionary<string, string[]>();
        var maxConcurrent = JobFields.MaxConcurrent(root, errors);
        var sessionIds = SessionIds(root, errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        sessionIds ??= await cluster.GetGrain<IUploadRegistryGrain>(0).Pending();
        if (sessionIds.Count == 0)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to process",
                detail: "No uploaded session is waiting to be processed; upload first or name session_ids.",
                extensions: new Dictionary<string, object?> { ["field"] = "session_ids" });

        var taskId = "task_" + Guid.NewGuid().ToString("N")[..16];
        var view = await cluster.GetGrain<IBatchGrain>(BatchKey.Task(taskId)).Start(new BatchOrder(sessionIds, maxConcurrent));
        return Results.Accepted($"/api/v1/process/status/{taskId}", new
        {
            task_id = taskId,
            status = StateWord(view.State),
            total = view.Total,
            max_concurrent = view.MaxConcurrent,
            session_ids = view.Sessions.Select(s => s.SessionId).ToArray(),
            message = "처리 작업이 시작되었습니다.",
        });
    }

    private static async Task<IResult> Status(string taskId, IClusterClient cluster)
    {
        var view = await cluster.GetGrain<IBatchGrain>(BatchKey.Task(taskId)).GetView();
        return view.State == BatchState.None ? BatchBody.NotFound("Task", "task_id", taskId) : Results.Ok(Body(taskId, view));
    }

    private static async Task<IResult> Cancel(string taskId, IClusterClient cluster)
    {
        var task = cluster.GetGrain<IBatchGrain>(BatchKey.Task(taskId));
        if ((await task.GetView()).State == BatchState.None) return BatchBody.NotFound("Task", "task_id", taskId);
        return Results.Ok(Body(taskId, await task.Cancel()));
    }

    private static Dictionary<string, object?> Body(string taskId, BatchView view)
    {
        var body = BatchBody.Progress(view, StateWord(view.State));
        body["task_id"] = taskId;
        body["state"] = StateWord(view.State);
        return body;
    }

    private static IReadOnlyList<string>? SessionIds(JsonObject root, Dictionary<string, string[]> errors)
    {
        if (root["session_ids"] is not { } node || node.GetValueKind() == JsonValueKind.Null) return null;
        if (node is not JsonArray list || list.Count == 0)
        {
            errors["session_ids"] = ["session_ids must be a non-empty array of session ids; leave it out to process every uploaded session."];
            return null;
        }
        if (list.Count > JobFields.MaxSessionsPerRequest)
        {
            errors["session_ids"] = [$"{list.Count:N0} session ids; at most {JobFields.MaxSessionsPerRequest:N0} go in one task."];
            return null;
        }
        var ids = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && CallyticsLimits.SessionId().IsMatch(v.GetValue<string>()))
                ids.Add(v.GetValue<string>());
            else
                errors[$"session_ids[{i}]"] = [SessionProblems.IdRule($"session_ids[{i}]")];
        }
        return ids;
    }

    private static string StateWord(BatchState state) => state switch
    {
        BatchState.Completed => "completed",
        BatchState.Cancelled => "cancelled",
        _ => "running",
    };
}
