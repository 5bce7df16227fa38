namespace Counseling.Grains.Interfaces;

/// <summary>
/// One retraining of the outcome model (key = job id): it trains a candidate off the grain scheduler,
/// registers it, and activates it only when it is not worse than the active model on the candidate's own
/// validation sessions, unless forced. Its state is persisted, so its outcome can be read later.
/// </summary>
[Alias("counseling.retrain-job")]
public interface IRetrainJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the job, or answers its view when it was already started (a repeated request starts nothing).
    /// A request the job can refuse at once (too few stored examples, a file outside the data root) comes
    /// back <see cref="RetrainStatus.Rejected"/> with the reason.
    /// </summary>
    [Alias("start")]
    Task<RetrainJobView> Start(RetrainRequest request);

    /// <summary>Null when no job was started under this id.</summary>
    [Alias("view")]
    Task<RetrainJobView?> GetView();
}

[GenerateSerializer, Immutable, Alias("counseling.retrain-request")]
public sealed record RetrainRequest(
    [property: Id(0)] RetrainSource Source,
    [property: Id(1)] string? FilePath,
    [property: Id(2)] double ValidationSplit,
    [property: Id(3)] bool Force,
    [property: Id(4)] RetrainHyperParameters? HyperParameters);

public enum RetrainSource
{
    /// <summary>The labelled sessions stored so far.</summary>
    Database,

    /// <summary>A JSON file of input records on the silo, under the configured data root.</summary>
    File,
}

/// <summary>LightGBM settings to change; null keeps the trainer's default.</summary>
[GenerateSerializer, Immutable, Alias("counseling.retrain-hyperparameters")]
public sealed record RetrainHyperParameters(
    [property: Id(0)] int? Iterations = null,
    [property: Id(1)] double? LearningRate = null,
    [property: Id(2)] int? Leaves = null,
    [property: Id(3)] int? MaxDepth = null,
    [property: Id(4)] int? EarlyStoppingRounds = null,
    [property: Id(5)] int? Seed = null,
    [property: Id(6)] int? MinExamplesPerLeaf = null);

public enum RetrainStatus
{
    None,
    Queued,
    Running,
    Completed,
    Failed,
    Rejected,
}

/// <summary>Headline figures of one model on the job's validation sessions.</summary>
[GenerateSerializer, Immutable, Alias("counseling.retrain-figures")]
public sealed record RetrainFigures(
    [property: Id(0)] string ModelVersion,
    [property: Id(1)] int N,
    [property: Id(2)] double Accuracy,
    [property: Id(3)] double MacroPrecision,
    [property: Id(4)] double MacroRecall,
    [property: Id(5)] double MacroF1);

[GenerateSerializer, Immutable, Alias("counseling.retrain-job-view")]
public sealed record RetrainJobView(
    [property: Id(0)] string JobId,
    [property: Id(1)] RetrainStatus Status,
    [property: Id(2)] double Progress,
    [property: Id(3)] string Step,
    [property: Id(4)] RetrainRequest Request,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? FinishedAt,
    [property: Id(7)] int TrainingExamples,
    [property: Id(8)] RetrainFigures? Candidate,
    [property: Id(9)] RetrainFigures? Active,
    [property: Id(10)] bool Activated,
    [property: Id(11)] string? Decision,
    [property: Id(12)] string? Error);
