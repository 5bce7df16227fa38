using System.Globalization;
using System.Text.Json;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Counseling.Grains.Training;

/// <summary>
/// One retrain. Training is CPU work of seconds to minutes, so it runs on the thread pool, never on the
/// grain scheduler; the grain only orchestrates: read the data, hand it to <see cref="OutcomeTrainer"/>,
/// compare, register. Reentrant so that status queries answer while training runs.
/// A job whose silo stopped mid-run is found "running" by its next activation and ends as failed: the
/// request can simply be sent again, and a half-trained model is never registered.
/// </summary>
[Reentrant]
public sealed class RetrainJobGrain(
    [PersistentState("retrain", StorageNames.Sessions)] IPersistentState<RetrainJobState> state,
    ITrainingExamples examples,
    SentimentScorer scorer,
    FeatureExtractor extractor,
    IOptions<RetrainOptions> options,
    ILogger<RetrainJobGrain> logger) : Grain, IRetrainJobGrain
{
    private Task? _running;
    // Written by the training thread, read by status queries between persisted steps.
    private volatile string? _liveStep;
    private double _liveProgress;

    private string JobId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status is RetrainStatus.Queued or RetrainStatus.Running)
        {
            state.State.Status = RetrainStatus.Failed;
            state.State.Error = $"interrupted at '{state.State.Step}': the silo running the job stopped; send the request again";
            state.State.FinishedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A stopping silo gives the job the time shutdown allows to finish and persist; one cut off is
        // found "running" by its next activation and marked failed there.
        if (_running is not { IsCompleted: false } running) return;
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Retrain {JobId} deactivated while {Step}", JobId, state.State.Step);
        }
    }

    public async Task<RetrainJobView> Start(RetrainRequest request)
    {
        if (state.State.Status != RetrainStatus.None) return View();
        state.State = new RetrainJobState { Status = RetrainStatus.Queued, Request = request, Step = "queued", CreatedAt = DateTimeOffset.UtcNow };
        if (await Refusal(request) is { } refusal)
        {
            state.State.Status = RetrainStatus.Rejected;
            state.State.Error = refusal;
            state.State.FinishedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
            return View();
        }
        await state.WriteStateAsync();
        // Idle activations are collected; this one must outlive the request that started it.
        DelayDeactivation(TimeSpan.FromMinutes(Math.Max(1, options.Value.TimeoutMinutes)));
        _running = Run(request);
        return View();
    }

    public Task<RetrainJobView?> GetView() =>
        Task.FromResult(state.State.Status == RetrainStatus.None ? null : View());

    /// <summary>What can be told before any work: a split out of range, a file outside the root, too few stored examples.</summary>
    private async Task<string?> Refusal(RetrainRequest request)
    {
        if (request.ValidationSplit is < RetrainLimits.MinValidationSplit or > RetrainLimits.MaxValidationSplit)
            return $"validation_split must be between {RetrainLimits.MinValidationSplit} and {RetrainLimits.MaxValidationSplit}";
        if (request.Source == RetrainSource.File)
            return TrainingFile.Resolve(options.Value.DataRoot, request.FilePath ?? "").Refusal is { } refusal ? $"file_path: {refusal}" : null;
        var counts = await examples.CountByLabel();
        return OutcomeTrainer.Untrainable(counts.SelectMany(c => Enumerable.Repeat(c.Key, c.Value)).ToArray()) is { } reason
            ? $"database: {reason}"
            : null;
    }

    private async Task Run(RetrainRequest request)
    {
        try
        {
            await Step(RetrainStatus.Running, "loading training data", 0.05);
            var (sessions, source) = await Load(request);
            if (OutcomeTrainer.Untrainable(sessions.Labels) is { } reason) throw new InvalidDataException(reason);
            state.State.TrainingExamples = sessions.Labels.Count;

            var active = await GrainFactory.GetGrain<IModelRegistryGrain>(0).GetActive();
            await Step(RetrainStatus.Running, "training", 0.6);
            var trained = await Task.Run(() => Train(sessions, source, request, active));

            var tolerance = options.Value.Tolerance;
            var (activate, decision) = Decide(trained.Candidate, trained.Active, tolerance, request.Force);
            await Step(RetrainStatus.Running, "registering", 0.95);
            var registered = await GrainFactory.GetGrain<IModelRegistryGrain>(0).Register(trained.Artifact, activate);

            state.State.Candidate = trained.Candidate;
            state.State.Active = trained.Active;
            state.State.Activated = registered.Active;
            state.State.Decision = decision;
            await Finish(RetrainStatus.Completed, null);
            logger.LogInformation("Retrain {JobId}: candidate {Version} {Outcome}", JobId, trained.Candidate.ModelVersion,
                registered.Active ? "activated" : "kept inactive");
        }
        catch (Exception e) when (e is InvalidDataException or PreprocessException or OutcomeModelException or ArgumentException or JsonException)
        {
            // The data cannot train a model: the reason is the caller's to fix, not a fault to log loudly.
            await Finish(RetrainStatus.Failed, e.Message);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Retrain {JobId} failed", JobId);
            await Finish(RetrainStatus.Failed, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<(LabelledSessions Sessions, string Source)> Load(RetrainRequest request)
    {
        if (request.Source == RetrainSource.Database)
        {
            var stored = await examples.List();
            var sessions = await Task.Run(() => new LabelledSessions(
                stored.Select(e => JsonSerializer.Deserialize<SessionFeatures>(e.FeaturesJson)
                    ?? throw new InvalidDataException($"training example of {e.SessionId} is empty")).ToArray(),
                stored.Select(e => e.Label).ToArray()));
            return (sessions, $"database: {stored.Count} labelled sessions");
        }

        var (path, refusal) = TrainingFile.Resolve(options.Value.DataRoot, request.FilePath ?? "");
        if (path is null) throw new InvalidDataException($"file_path: {refusal}");
        await Step(RetrainStatus.Running, "extracting features", 0.1);
        // Stages 1 and 2 are the long part of a file retrain; their progress maps onto 0.1–0.6.
        var progress = new Progress(this, 0.1, 0.5);
        var fromFile = await Task.Run(() =>
            new OutcomeTrainer(scorer, extractor, logger).Extract(SessionRecordReader.ReadFile(path).Records, progress));
        return (fromFile, $"file: {request.FilePath}");
    }

    /// <summary>Off the scheduler: fit the candidate, then score the active model on the candidate's validation sessions.</summary>
    private static TrainedCandidate Train(LabelledSessions sessions, string source, RetrainRequest request, ModelArtifact? active)
    {
        var split = StratifiedSplit.Of(sessions.Labels, train: 1 - request.ValidationSplit, validation: request.ValidationSplit);
        // With no validation session both models score 0 and "not worse" would hold without any evidence.
        if (split.Validation.Count == 0)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"validation_split {request.ValidationSplit} leaves no validation session of {sessions.Labels.Count}; use a larger split or more labelled sessions."));
        var candidate = OutcomeTrainer.Fit(sessions, split, HyperParameters(request.HyperParameters), source);
        var report = candidate.Metadata.Metrics.Validation;
        RetrainFigures? activeFigures = null;
        if (active is not null)
        {
            var current = OutcomeModel.Load(active.Model, active.MetadataJson, "active model");
            activeFigures = Figures(current.Version, current.Evaluate(
                split.Validation.Select(i => sessions.Features[i]).ToArray(), split.Validation.Select(i => sessions.Labels[i]).ToArray()));
        }
        var (model, metadata) = candidate.ToArtifact();
        return new TrainedCandidate(new ModelArtifact(model, metadata), Figures(candidate.Version, report), activeFigures);
    }

    /// <summary>"Not worse": the candidate's macro-F1 is at least the active one's less the tolerance, on the same sessions.</summary>
    private static (bool Activate, string Decision) Decide(RetrainFigures candidate, RetrainFigures? active, double tolerance, bool force)
    {
        var on = string.Create(CultureInfo.InvariantCulture, $"on the same {candidate.N} validation sessions");
        if (active is null) return (true, "no active model to compare with: activated");
        var comparison = string.Create(CultureInfo.InvariantCulture,
            $"candidate macro-F1 {candidate.MacroF1:F4} vs active {active.ModelVersion} {active.MacroF1:F4} (tolerance {tolerance:F4}) {on}");
        if (force) return (true, $"forced: activated without comparison; {comparison}");
        return candidate.MacroF1 >= active.MacroF1 - tolerance
            ? (true, $"not worse: activated; {comparison}")
            : (false, $"worse: not activated, the active model stays; {comparison}");
    }

    private static OutcomeHyperParameters HyperParameters(RetrainHyperParameters? given)
    {
        var defaults = new OutcomeHyperParameters();
        if (given is null) return defaults;
        return defaults with
        {
            Iterations = given.Iterations ?? defaults.Iterations,
            LearningRate = given.LearningRate ?? defaults.LearningRate,
            Leaves = given.Leaves ?? defaults.Leaves,
            MaxDepth = given.MaxDepth ?? defaults.MaxDepth,
            EarlyStoppingRounds = given.EarlyStoppingRounds ?? defaults.EarlyStoppingRounds,
            Seed = given.Seed ?? defaults.Seed,
            MinExamplesPerLeaf = given.MinExamplesPerLeaf ?? defaults.MinExamplesPerLeaf,
        };
    }

    private static RetrainFigures Figures(string version, OutcomeReport report) =>
        new(version, report.N, report.Accuracy, report.MacroPrecision, report.MacroRecall, report.MacroF1);

    private async Task Step(RetrainStatus status, string step, double progress)
    {
        state.State.Status = status;
        state.State.Step = step;
        state.State.Progress = progress;
        _liveStep = null;
        await state.WriteStateAsync();
    }

    private async Task Finish(RetrainStatus status, string? error)
    {
        state.State.Status = status;
        state.State.Step = status == RetrainStatus.Completed ? "done" : state.State.Step;
        state.State.Progress = status == RetrainStatus.Completed ? 1.0 : state.State.Progress;
        state.State.Error = error;
        state.State.FinishedAt = DateTimeOffset.UtcNow;
        _liveStep = null;
        await state.WriteStateAsync();
    }

    private RetrainJobView View()
    {
        var s = state.State;
        var live = _liveStep is not null && s.Status == RetrainStatus.Running;
        return new RetrainJobView(JobId, s.Status, Math.Round(live ? Volatile.Read(ref _liveProgress) : s.Progress, 3),
            live ? _liveStep! : s.Step, s.Request!, s.CreatedAt, s.FinishedAt, s.TrainingExamples, s.Candidate, s.Active,
            s.Activated, s.Decision, s.Error);
    }

    private sealed record TrainedCandidate(ModelArtifact Artifact, RetrainFigures Candidate, RetrainFigures? Active);

    /// <summary>Progress of a step that runs on the thread pool, kept in memory until the next persisted step.</summary>
    private sealed class Progress(RetrainJobGrain job, double from, double span) : IProgress<double>
    {
        public void Report(double value)
        {
            Volatile.Write(ref job._liveProgress, from + span * Math.Clamp(value, 0, 1));
            job._liveStep = string.Create(CultureInfo.InvariantCulture, $"extracting features ({value:P0})");
        }
    }
}
