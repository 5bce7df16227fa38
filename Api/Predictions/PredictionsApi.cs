using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Api.Callytics;
using Counseling.Api.Limits;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Sessions;

namespace Counseling.Api.Predictions;

/// <summary>
/// Predictions: one session's (from its grain, with the features summary Callytics reads), many sessions' at
/// once, and the history across sessions (from the silo-side store through <see cref="IPredictionHistoryGrain"/>).
/// </summary>
public static class PredictionsApi
{
    public const int MaxBatch = 100;

    public static RouteGroupBuilder MapPredictionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/predictions").WithTags("Predictions")
            .RequireAuthorization(SecurityExtensions.ReadPolicy).RequireRateLimiting(RateLimitExtensions.PerCaller);
        // The literal segment wins over {sessionId} in routing, so "history" is never read as a session id.
        group.MapGet("/history", History);
        group.MapPost("/batch", Batch);
        group.MapGet("/{sessionId}", One);
        return group;
    }

    private static async Task<IResult> One(string sessionId, IClusterClient cluster)
    {
        if (!CallyticsLimits.SessionId().IsMatch(sessionId)) return BadSessionId("session_id");
        var snapshot = await cluster.GetGrain<ISessionGrain>(sessionId).GetSnapshot();
        if (snapshot.Stage == SessionStage.None) return SessionProblems.NotFound(sessionId);
        return Results.Json(Body(snapshot));
    }

    private static async Task<IResult> Batch(HttpRequest http, IClusterClient cluster, CancellationToken cancelled)
    {
        var (body, problem) = await JsonBody.Read(http, cancelled);
        if (problem is not null) return problem;
        if (body is not JsonObject root || root["session_ids"] is not JsonArray ids)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["session_ids"] = ["session_ids must be an array of session ids."] });
        if (ids.Count is 0 or > MaxBatch)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["session_ids"] = [$"session_ids must hold 1–{MaxBatch} ids."] });

        var errors = new Dictionary<string, string[]>();
        var wanted = new List<string>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is JsonValue value && value.TryGetValue<string>(out var id) && CallyticsLimits.SessionId().IsMatch(id))
            {
                if (!wanted.Contains(id)) wanted.Add(id);
            }
            else
            {
                errors[$"session_ids[{i}]"] = [SessionProblems.IdRule($"session_ids[{i}]")];
            }
        }
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var snapshots = await Task.WhenAll(wanted.Select(id => cluster.GetGrain<ISessionGrain>(id).GetSnapshot()));
        var results = new JsonArray();
        foreach (var (id, snapshot) in wanted.Zip(snapshots))
            results.Add(snapshot.Stage == SessionStage.None ? new JsonObject { ["session_id"] = id, ["status"] = "not_found" } : Body(snapshot));
        var found = snapshots.Count(s => s.Stage != SessionStage.None);
        return Results.Json(new JsonObject
        {
            ["requested"] = wanted.Count,
            ["found"] = found,
            ["not_found"] = wanted.Count - found,
            ["results"] = results,
        });
    }

    private static async Task<IResult> History(HttpRequest http, IClusterClient cluster)
    {
        var (parameters, errors) = HistoryParameters.Read(http.Query);
        if (parameters is null) return Results.ValidationProblem(errors);
        var page = await cluster.GetGrain<IPredictionHistoryGrain>(0).Page(parameters.Filter);
        return Results.Ok(new
        {
            items = page.Entries.Select(e => new
            {
                session_id = e.SessionId,
                version = e.SessionVersion,
                prediction = e.Label,
                confidence = e.Confidence,
                probabilities = e.Probabilities,
                model_version = e.ModelVersion,
                created_at = e.CreatedAt,
                completed_at = e.CompletedAt,
            }),
            page = parameters.Page,
            page_size = parameters.PageSize,
            total = page.Total,
            has_more = (long)parameters.Page * parameters.PageSize < page.Total,
        });
    }

    /// <summary>
    /// The session's prediction with the features summary of <see cref="PredictionResultBody"/> (the same
    /// object the realtime answer and the webhook carry), plus its status and the full distribution.
    /// </summary>
    private static JsonObject Body(SessionSnapshot snapshot)
    {
        var body = PredictionResultBody.Of(snapshot) ?? new JsonObject
        {
            ["prediction"] = null,
            ["confidence"] = null,
            ["session_id"] = snapshot.SessionId,
            ["model_version"] = null,
            ["features"] = null,
        };
        body["status"] = snapshot.Status;
        body["probabilities"] = snapshot.Prediction is { } p
            ? new JsonObject(p.Distribution.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value)))
            : null;
        body["created_at"] = snapshot.CreatedAt;
        body["completed_at"] = snapshot.Stage == SessionStage.Completed ? snapshot.UpdatedAt : null;
        if (snapshot.Error is not null) body["error"] = snapshot.Error;
        return body;
    }

    private static IResult BadSessionId(string field) => Results.ValidationProblem(new Dictionary<string, string[]>
    {
        [field] = [SessionProblems.IdRule(field)],
    });
}
