using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Api.Limits;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Outcome;

namespace Counseling.Api.Models;

/// <summary>The outcome-model endpoints: what is served and how well it did, and retraining as a tracked job.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/models").WithTags("Models").RequireRateLimiting(RateLimitExtensions.PerCaller);
        group.MapGet("/info", Info).RequireAuthorization(SecurityExtensions.ReadPolicy);
        group.MapGet("/metrics", Metrics).RequireAuthorization(SecurityExtensions.ReadPolicy);
        group.MapPost("/retrain", Retrain).RequireAuthorization(SecurityExtensions.AdminPolicy);
        group.MapGet("/retrain/{jobId}", RetrainStatus).RequireAuthorization(SecurityExtensions.AdminPolicy);
        return group;
    }

    private static IModelRegistryGrain Registry(IClusterClient cluster) => cluster.GetGrain<IModelRegistryGrain>(0);

    private static async Task<IResult> Info(IClusterClient cluster)
    {
        var versions = await Registry(cluster).List();
        var active = versions.FirstOrDefault(v => v.Active);
        if (active is null) return NoActiveModel();
        var metadata = await Metadata(cluster, active.Version);
        if (metadata is null) return NoActiveModel();
        return Results.Ok(new
        {
            active_version = active.Version,
            created_at = active.CreatedAt,
            activated_at = active.ActivatedAt,
            algorithm = "LightGBM multiclass (ML.NET), class-balanced",
            feature_schema_version = metadata.FeatureSchema.Version,
            feature_names = metadata.FeatureSchema.Features,
            categorical_features = metadata.FeatureSchema.Categorical,
            class_labels = metadata.Classes,
            hyper_parameters = metadata.HyperParameters,
            training_size = metadata.TrainingRows,
            training_data = metadata.TrainingData,
            validation_split = metadata.ValidationSplit,
            versions = versions.Select(v => new
            {
                version = v.Version,
                created_at = v.CreatedAt,
                activated_at = v.ActivatedAt,
                active = v.Active,
                metrics = v.Metrics,
            }),
        });
    }

    private static async Task<IResult> Metrics(string? version, IClusterClient cluster)
    {
        var versions = await Registry(cluster).List();
        var wanted = string.IsNullOrEmpty(version) ? versions.FirstOrDefault(v => v.Active)?.Version : version;
        if (wanted is null) return NoActiveModel();
        var metadata = await Metadata(cluster, wanted);
        if (metadata is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model version not found",
                detail: $"No model version '{wanted}' is registered.", extensions: new Dictionary<string, object?> { ["version"] = wanted });
        var validation = metadata.Metrics.Validation;
        return Results.Ok(new
        {
            model_version = metadata.Version,
            active = versions.Any(v => v.Version == metadata.Version && v.Active),
            evaluated_on = "validation",
            validation_split = metadata.ValidationSplit,
            n = validation.N,
            accuracy = validation.Accuracy,
            macro_precision = validation.MacroPrecision,
            macro_recall = validation.MacroRecall,
            macro_f1 = validation.MacroF1,
            weighted_f1 = validation.WeightedF1,
            per_class = metadata.Classes.ToDictionary(c => c, c => validation.PerClass.TryGetValue(c, out var r) ? r : new OutcomeClassReport(0, 0, 0, 0)),
            labels = metadata.Classes,
            // Rows are the true label, columns the predicted one, both in the order of labels.
            confusion_matrix = validation.Confusion,
            test = metadata.Metrics.Test.N == 0 ? null : metadata.Metrics.Test,
        });
    }

    private static async Task<IResult> Retrain(HttpRequest http, IClusterClient cluster, CancellationToken cancelled)
    {
        var (body, problem) = await JsonBody.Read(http, cancelled);
        if (problem is not null) return problem;
        var (request, errors) = RetrainRequestBody.Read(body);
        if (request is null) return Results.ValidationProblem(errors);

        var jobId = "retrain_" + Guid.NewGuid().ToString("N")[..16];
        var view = await cluster.GetGrain<IRetrainJobGrain>(jobId).Start(request);
        if (view.Status == Grains.Interfaces.RetrainStatus.Rejected)
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The retrain cannot run",
                detail: view.Error, extensions: new Dictionary<string, object?> { ["job_id"] = jobId, ["job_status"] = "rejected" });
        return Results.Accepted($"/api/v1/models/retrain/{jobId}", new
        {
            job_id = jobId,
            status = Status(view.Status),
            message = "재학습 작업이 접수되었습니다. 상태 조회로 진행 상황을 확인하세요.",
        });
    }

    private static async Task<IResult> RetrainStatus(string jobId, IClusterClient cluster)
    {
        var view = await cluster.GetGrain<IRetrainJobGrain>(jobId).GetView();
        if (view is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Retrain job not found",
                detail: $"No retrain job '{jobId}' was started.", extensions: new Dictionary<string, object?> { ["job_id"] = jobId });
        return Results.Ok(new
        {
            job_id = view.JobId,
            status = Status(view.Status),
            progress = view.Progress,
            step = view.Step,
            training_data_source = view.Request.Source == RetrainSource.File ? "file" : "database",
            file_path = view.Request.FilePath,
            validation_split = view.Request.ValidationSplit,
            force = view.Request.Force,
            training_examples = view.TrainingExamples,
            created_at = view.CreatedAt,
            finished_at = view.FinishedAt,
            candidate = Figures(view.Candidate),
            active = Figures(view.Active),
            activated = view.Activated,
            decision = view.Decision,
            error = view.Error,
        });
    }

    private static object? Figures(RetrainFigures? f) => f is null ? null : new
    {
        model_version = f.ModelVersion,
        n = f.N,
        accuracy = f.Accuracy,
        macro_precision = f.MacroPrecision,
        macro_recall = f.MacroRecall,
        macro_f1 = f.MacroF1,
    };

    private static string Status(Grains.Interfaces.RetrainStatus status) => status.ToString().ToLowerInvariant();

    private static async Task<OutcomeMetadata?> Metadata(IClusterClient cluster, string version) =>
        await Registry(cluster).GetMetadata(version) is { } json ? JsonSerializer.Deserialize<OutcomeMetadata>(json, OutcomeMetadata.Json) : null;

    private static IResult NoActiveModel() => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "No active model", detail: "The model registry has no active outcome model yet; silos seed it when they start.");
}
