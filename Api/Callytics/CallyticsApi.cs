using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Api.Limits;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Sessions;
using Counseling.Grains.Webhooks;

namespace Counseling.Api.Callytics;

/// <summary>The endpoints Callytics calls, with the field names and shapes it already sends and reads.</summary>
public static class CallyticsApi
{
    public static RouteGroupBuilder MapCallyticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/callytics").WithTags("Callytics").RequireRateLimiting(RateLimitExtensions.PerCaller);
        group.MapPost("/process-data", ProcessData).RequireAuthorization(SecurityExtensions.IngestPolicy).AddEndpointFilter<RealtimeAdmission>();
        group.MapGet("/status/{sessionId}", Status).RequireAuthorization(SecurityExtensions.ReadPolicy);
        group.MapGet("/results/{sessionId}", Results_).RequireAuthorization(SecurityExtensions.ReadPolicy);
        return group;
    }

    private static async Task<IResult> ProcessData(HttpRequest http, IClusterClient cluster, CallbackUrlPolicy callbacks, CancellationToken cancelled)
    {
        var clock = Stopwatch.StartNew();
        var (body, problem) = await JsonBody.Read(http, cancelled);
        if (problem is not null) return problem;
        var (request, errors) = ProcessDataRequest.Read(body);
        if (request is null) return Results.ValidationProblem(errors);
        if (request.Submission.CallbackUrl is { } callbackUrl && await callbacks.Refusal(callbackUrl, cancelled) is { } refusal)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["callback_url"] = [refusal] });

        var grain = cluster.GetGrain<ISessionGrain>(request.SessionId);
        var snapshot = await grain.Submit(request.Submission);
        if (request.Realtime && !snapshot.Stage.IsFinal())
            snapshot = await grain.WaitForCompletion(CallyticsLimits.RealtimeWait);

        return snapshot.Stage switch
        {
            SessionStage.Completed when request.Realtime => Results.Ok(new
            {
                session_id = snapshot.SessionId,
                status = snapshot.Status,
                message = "상담 결과 예측이 완료되었습니다.",
                prediction_result = PredictionResultBody.Of(snapshot),
                processing_time = Math.Round(clock.Elapsed.TotalSeconds, 3),
            }),
            SessionStage.Failed when request.Realtime => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The session could not be processed", detail: snapshot.Error,
                extensions: new Dictionary<string, object?> { ["session_id"] = snapshot.SessionId, ["session_status"] = snapshot.Status }),
            _ => Results.Accepted($"/api/v1/callytics/status/{snapshot.SessionId}", new
            {
                session_id = snapshot.SessionId,
                status = snapshot.Status,
                message = request.Realtime ? "처리 중입니다. 상태 조회로 결과를 확인하세요." : "백그라운드 처리가 시작되었습니다.",
            }),
        };
    }

    private static async Task<IResult> Status(string sessionId, IClusterClient cluster)
    {
        var snapshot = await cluster.GetGrain<ISessionGrain>(sessionId).GetSnapshot();
        if (snapshot.Stage == SessionStage.None) return SessionProblems.NotFound(sessionId);
        return Results.Ok(new
        {
            session_id = snapshot.SessionId,
            status = snapshot.Status,
            prediction = snapshot.Prediction?.Label,
            confidence = snapshot.Prediction?.Confidence,
            created_at = snapshot.CreatedAt,
            error = snapshot.Error,
        });
    }

    private static async Task<IResult> Results_(string sessionId, bool? include_features, IClusterClient cluster)
    {
        var snapshot = await cluster.GetGrain<ISessionGrain>(sessionId).GetSnapshot();
        if (snapshot.Stage == SessionStage.None) return SessionProblems.NotFound(sessionId);
        // Only a final session has handed anything to a webhook; one from an earlier run under this id is not shown.
        var delivery = snapshot.Stage.IsFinal()
            ? await cluster.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryKey.Of(sessionId, snapshot.Version)).GetView()
            : null;
        if (delivery is not null && delivery.SessionCreatedAt != snapshot.CreatedAt) delivery = null;
        var steps = new Dictionary<string, object>();
        foreach (var (stage, name) in new[] { (SessionStage.Preprocessing, "preprocessing"), (SessionStage.Extracting, "feature_extraction"),
                     (SessionStage.Building, "dataset_creation"), (SessionStage.Predicting, "prediction") })
        {
            var record = snapshot.Stages.LastOrDefault(s => s.Stage == stage);
            steps[name] = new { status = record?.Status ?? "pending", duration = record?.DurationSeconds, features_count = record?.FeaturesCount };
        }
        return Results.Ok(new
        {
            session_id = snapshot.SessionId,
            status = snapshot.Status,
            version = snapshot.Version,
            prediction = snapshot.Prediction?.Label,
            confidence = snapshot.Prediction?.Confidence,
            probabilities = snapshot.Prediction?.Distribution,
            model_version = snapshot.Prediction?.ModelVersion,
            pipeline_steps = steps,
            extracted_features = include_features == false || snapshot.FeaturesJson is null ? null : JsonNode.Parse(snapshot.FeaturesJson),
            error = snapshot.Error,
            callback = delivery is null ? null : new
            {
                status = delivery.Status.ToString().ToLowerInvariant(),
                attempts = delivery.Attempts,
                last_status_code = delivery.LastStatusCode,
                last_error = delivery.LastError,
                next_attempt_at = delivery.NextAttemptAt,
                delivered_at = delivery.DeliveredAt,
                idempotency_key = delivery.IdempotencyKey,
            },
        });
    }
}
