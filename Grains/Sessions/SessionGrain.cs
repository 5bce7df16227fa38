using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Counseling.Grains.Diagnostics;
using Counseling.Grains.History;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Privacy;
using Counseling.Grains.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Storage;

namespace Counseling.Grains.Sessions;

/// <summary>
/// One counseling session. It runs the four stages in order, persisting after each, so a silo that dies
/// loses at most the stage in flight: its entry in the resume schedule brings the grain back on a live silo
/// and it resumes from the last persisted stage. Reentrant so status queries answer while a stage awaits a worker.
/// </summary>
[Reentrant]
// The silo that takes a submission runs it: no hop to another silo before the first stage, and load
// spreads as clients spread over gateways (a client call lands on a random compatible silo).
[PreferLocalPlacement]
public sealed class SessionGrain(
    [PersistentState("session", StorageNames.Sessions)] IPersistentState<SessionState> state,
    FeatureExtractor extractor,
    SessionGate gate,
    IPredictionHistory history,
    ConsultationCipher cipher,
    IOptions<SessionResumeOptions> resume,
    IResumeSchedule schedule,
    SessionEvents events,
    SessionStatistics statistics,
    ITrainingExamples examples,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IRemindable
{
    public const int MaxAttempts = 3;
    private TimeSpan ResumePeriod => resume.Value.ResumePeriod;

    // Korean escaped as \uXXXX is twice the bytes of UTF-8, written at every transition; this JSON never
    // reaches a browser unescaped (the API parses and re-serializes it), so the relaxed encoder is safe.
    private static readonly JsonSerializerOptions Stored = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Task? _running;
    private bool _deactivating;
    private bool _stopRequested;
    private TaskCompletionSource _finished = NewSignal();
    private bool _scheduled;
    private IGrainTimer? _retry;
    private IGrainTimer? _retire;

    /// <summary>
    /// How long an ended session stays in memory. Orleans keeps an idle activation for 15 minutes; at 150 sessions/s
    /// that is a hundred thousand ended sessions on the heap (the silo grew by 2 MB/s under load and its collections
    /// showed in the p99). The reads that follow an end (the realtime answer, a status poll, the results) come
    /// within seconds; a later one reads the session back from storage.
    /// </summary>
    private static readonly TimeSpan EndedLifetime = TimeSpan.FromSeconds(30);
    // Opened from the sealed state once per activation, and the parse kept from stage 1 to stage 2.
    private SessionSubmission? _submission;
    private Session? _session;
    private string? _featuresJson;

    private string SessionId => this.GetPrimaryKeyString();

    public async Task<SessionSnapshot> Submit(SessionSubmission submission)
    {
        var hash = HashOf(submission);
        var current = state.State;
        if (current.Stage != SessionStage.None && current.ContentHash == hash && current.Stage is not (SessionStage.Failed or SessionStage.Cancelled or SessionStage.Uploaded))
        {
            // The first send may have been refused after its state was written but before its schedule entry was: the
            // resend is what completes the acceptance.
            if (current.Stage.IsUnderway() && !await EnsureScheduled())
                throw new StorageUnavailableException("The session is stored but could not be scheduled; send it again.");
            return Snapshot();
        }

        // A run still going belongs to the old content (or is still finishing it): stop it at its next stage
        // boundary and let it end before the state it works on is replaced.
        if (_running is { IsCompleted: false } previous)
        {
            _stopRequested = true;
            try
            {
                await previous;
            }
            finally
            {
                _stopRequested = false;
            }
            return await Submit(submission);
        }

        await BeginVersion(current, submission, hash, SessionStage.Received);
        return await Accept();
    }

    /// <summary>
    /// Other content under the same id is a new version of the session, and its old outputs go (the training
    /// example too). An upload never ran, so submitting over it keeps its version.
    /// </summary>
    private async Task BeginVersion(SessionState current, SessionSubmission submission, string hash, SessionStage stage)
    {
        if (current.Stage != SessionStage.None) await examples.Delete(SessionId);
        state.State = new SessionState
        {
            Version = current.Stage == SessionStage.Uploaded ? current.Version : current.Version + 1,
            Stage = stage,
            ContentHash = hash,
            SealedSubmission = cipher.Seal(JsonSerializer.Serialize(submission, Stored), SessionId),
            Priority = submission.Priority,
            CallbackUrl = submission.CallbackUrl,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        _submission = submission;
        _session = null;
        _featuresJson = null;
        _finished.TrySetResult();
        _finished = NewSignal();
    }

    public async Task<UploadReceipt> Upload(SessionSubmission submission)
    {
        var hash = HashOf(submission);
        var current = state.State;
        if (current.Stage != SessionStage.None && current.ContentHash == hash && current.Stage is not (SessionStage.Failed or SessionStage.Cancelled))
            return new UploadReceipt(Snapshot(), UploadOutcome.Unchanged);
        if (current.Stage.IsUnderway()) return new UploadReceipt(Snapshot(), UploadOutcome.Busy);

        await BeginVersion(current, submission, hash, SessionStage.Uploaded);
        // No schedule entry: nothing runs until the session is started.
        await StoreOrRefuse(state.WriteStateAsync());
        return new UploadReceipt(Snapshot(), UploadOutcome.Stored);
    }

    public async Task<SessionSnapshot> Start()
    {
        if (state.State.Stage != SessionStage.Uploaded) return Snapshot();
        state.State.Stage = SessionStage.Received;
        state.State.UpdatedAt = DateTimeOffset.UtcNow;
        return await Accept();
    }

    public Task<SessionSubmission?> GetSubmission() => Task.FromResult(state.State.Stage == SessionStage.None ? null : Submission());

    private async Task<SessionSnapshot> Accept()
    {
        // Accepted means both are durable; they are independent rows, so they go to storage together.
        var write = state.WriteStateAsync();
        var scheduled = ScheduleResume();
        await StoreOrRefuse(Task.WhenAll(write, scheduled));
        _scheduled = true;
        events.Accepted(SessionId, DateTimeOffset.UtcNow);
        StartRunning();
        return Snapshot();
    }

    /// <summary>
    /// A new version is taken only once storage has it. When storage fails, this activation holds a version
    /// storage never took; a retry must not find it and answer "processing", so the activation goes and the
    /// next call reads what storage holds.
    /// </summary>
    private async Task StoreOrRefuse(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            DeactivateOnIdle();
            logger.LogWarning("Session {SessionId} not stored, storage failed: {Error}", SessionId, e.GetType().Name);
            throw new StorageUnavailableException($"The session could not be stored: {e.GetType().Name}. Nothing was accepted; send it again.");
        }
    }

    public Task<SessionSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public async Task<SessionSnapshot> WaitForCompletion(TimeSpan timeout)
    {
        // A run still going may be writing the final stage that memory already shows.
        if (state.State.Stage.IsUnderway() || _running is { IsCompleted: false })
            await Task.WhenAny(_finished.Task, Task.Delay(timeout));
        return Snapshot();
    }

    public async Task<SessionSnapshot> Cancel()
    {
        if (state.State.Stage is SessionStage.None || state.State.Stage.IsFinal()) return Snapshot();
        state.State.CancelRequested = true;
        // A running session sees the flag before its next stage and ends as cancelled, persisting it; writing here as
        // well would race that write and lose one of them to the ETag check (seen as a session stuck until its reload).
        if (_running is { IsCompleted: false }) return Snapshot();
        await state.WriteStateAsync();
        // No run is going, so nothing else writes: end it here. A run that stopped short (waiting on the cluster, or
        // after a failed attempt) would otherwise stay underway until its next nudge, a period later.
        var ended = await Finish(SessionStage.Cancelled, state.State.Stage == SessionStage.Uploaded
            ? "cancelled before it was started" : "cancelled before processing resumed");
        if (!ended) throw new StorageUnavailableException("The cancellation could not be stored; send it again.");
        return Snapshot();
    }

    public async Task Delete()
    {
        state.State.CancelRequested = true;
        if (_running is not null) await _running;
        // Every version's webhook delivery holds a copy of that version's result.
        var versions = state.State.Version;
        await state.ClearStateAsync();
        await history.Delete(SessionId);
        await examples.Delete(SessionId);
        await Task.WhenAll(Enumerable.Range(1, versions).Select(v =>
            GrainFactory.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryKey.Of(SessionId, v)).Delete()));
        await Unschedule();
        _submission = null;
        _session = null;
        _featuresJson = null;
        _finished.TrySetResult();
        DeactivateOnIdle();
    }

    public Task Resume()
    {
        // An entry left by a session that ended while storage was away.
        if (!state.State.Stage.IsUnderway()) return Unschedule();
        StartRunning();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A session from before the resume schedule: it moves to the schedule and its reminder goes.
        if (await this.GetReminder(reminderName) is { } legacy) await this.UnregisterReminder(legacy);
        if (state.State.Stage.IsUnderway()) StartRunning();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A session persisted mid-pipeline resumes as soon as anything touches it, not only at the next nudge.
        if (state.State.Stage.IsUnderway()) StartRunning();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A stopping silo deactivates every grain. Let the stage in flight finish and persist rather than
        // be cut off, and start no further stage here: the resume sweep brings the session back on a live silo.
        _deactivating = true;
        if (_running is not { IsCompleted: false } running) return;
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Session {SessionId} deactivated before its stage finished; it resumes from {Stage}", SessionId, state.State.Stage);
        }
    }

    private void StartRunning()
    {
        if (_deactivating || _running is { IsCompleted: false }) return;
        statistics.Started();
        _running = Run();
        // Not an await around Run: that would complete _running one grain turn later than Run, and a
        // reentrant Submit in between would see a run still going and start none. Stopped only touches
        // an Interlocked counter, so it may run on whichever thread finishes Run.
        _running.ContinueWith(static (_, counted) => ((SessionStatistics)counted!).Stopped(), statistics,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// A session underway must be in the resume schedule: that is what brings it back after a crash, an outage or
    /// a stage the cluster could not serve. An activation that did not write the entry (resumed from storage, or
    /// accepted while storage was away) writes it once.
    /// </summary>
    private async Task<bool> EnsureScheduled()
    {
        if (_scheduled) return true;
        try
        {
            await ScheduleResume();
            _scheduled = true;
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Session {SessionId} could not enter the resume schedule: {Error}", SessionId, e.GetType().Name);
            return false;
        }
    }

    private Task ScheduleResume() => schedule.Schedule(SessionId, DateTimeOffset.UtcNow + ResumePeriod);

    private async Task Run()
    {
        // Without its schedule entry, a session that stops short (below) would wait for a touch that may never come;
        // a one-off timer stands in until storage answers again.
        if (!await EnsureScheduled())
        {
            _retry?.Dispose();
            _retry = this.RegisterGrainTimer(() => { StartRunning(); return Task.CompletedTask; }, new GrainTimerCreationOptions(ResumePeriod, Timeout.InfiniteTimeSpan));
            return;
        }
        using var pass = await gate.Enter(state.State.Priority);
        while (!state.State.Stage.IsFinal() && !_deactivating && !_stopRequested)
        {
            // Checked before each stage, so a session resumed after an outage or a crash past its deadline
            // ends with the reason instead of running late.
            if (state.State.CreatedAt is { } accepted && DateTimeOffset.UtcNow - accepted > resume.Value.Timeout)
            {
                await Finish(SessionStage.Failed, $"timed out: not finished within {resume.Value.Timeout.TotalMinutes:0.#} minutes of acceptance (at {state.State.Stage})");
                return;
            }
            if (state.State.CancelRequested)
            {
                await Finish(SessionStage.Cancelled, "cancelled");
                return;
            }
            var stage = state.State.Stage;
            var clock = Stopwatch.StartNew();
            var persisting = false;
            try
            {
                var (next, featuresCount) = await RunStage(stage);
                var superseded = stage == SessionStage.Predicting && next == SessionStage.Building;
                state.State.Stages.Add(new StageRecord(stage == SessionStage.Received ? SessionStage.Preprocessing : stage,
                    superseded ? "superseded" : "completed", Math.Round(clock.Elapsed.TotalSeconds, 6), featuresCount));
                statistics.StageFinished(state.State.Stages[^1].Stage, state.State.Stages[^1].DurationSeconds);
                events.StageFinished(SessionId, state.State.Stages[^1].Stage, DateTimeOffset.UtcNow);
                persisting = true;
                if (next == SessionStage.Completed)
                {
                    // History first: if the silo dies between the two writes, the resumed session writes it again,
                    // which the history's key makes harmless.
                    var prediction = state.State.Prediction!;
                    await history.Record(new PredictionRecord(SessionId, state.State.Version, prediction.Label, prediction.Confidence,
                        prediction.Distribution, prediction.ModelVersion, state.State.CreatedAt ?? DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
                    await Finish(SessionStage.Completed, null);
                    return;
                }
                state.State.Stage = next;
                state.State.UpdatedAt = DateTimeOffset.UtcNow;
                if (Persists(stage)) await state.WriteStateAsync();
            }
            catch (InconsistentStateException e)
            {
                // Another activation of this session wrote first (an old silo not yet declared dead, or one
                // still finishing its stage while stopping). Its write stands; this copy's memory is stale, so
                // drop it and let the resume sweep reactivate the grain from storage. No attempt is counted.
                logger.LogInformation("Session {SessionId} lost a write race at {Stage}; reloading: {Reason}", SessionId, stage, e.Message);
                DeactivateOnIdle();
                return;
            }
            catch (Exception e) when (persisting && e is not OperationCanceledException)
            {
                // Storage, not the session, failed: no attempt is spent (an outage would otherwise fail every
                // session in flight). What this activation holds may be ahead of storage, so it goes; its entry in the
                // resume schedule, already stored, brings it back from storage once storage answers.
                logger.LogWarning("Session {SessionId} could not persist after {Stage}; it resumes from storage: {Error}", SessionId, stage, e.GetType().Name);
                DeactivateOnIdle();
                return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The cluster, not the session, failed (a worker could not be placed or did not answer while
                // silos or storage were away): no attempt is spent; the resume sweep tries again.
                logger.LogWarning("Session {SessionId} waits at {Stage}, the cluster did not serve it: {Error}", SessionId, stage, e.GetType().Name);
                state.State.Error = $"waiting at {stage}: {e.Message}";
                return;
            }
            catch (PreprocessException e)
            {
                // Bad input stays bad: no retry.
                await Finish(SessionStage.Failed, e.Message);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                state.State.Attempts++;
                logger.LogWarning(e, "Session {SessionId} failed at {Stage} (attempt {Attempt} of {Max})", SessionId, stage, state.State.Attempts, MaxAttempts);
                if (state.State.Attempts >= MaxAttempts)
                {
                    await Finish(SessionStage.Failed, $"{stage} failed {MaxAttempts} times: {e.Message}");
                    return;
                }
                state.State.Error = $"attempt {state.State.Attempts} at {stage}: {e.Message}";
                try
                {
                    await state.WriteStateAsync();
                }
                catch (Exception storage) when (storage is not InconsistentStateException)
                {
                    logger.LogWarning("Session {SessionId} could not record its attempt; it resumes from storage: {Error}", SessionId, storage.GetType().Name);
                    DeactivateOnIdle();
                }
                // The resume sweep brings the next attempt; a tight loop here would hammer a failing dependency.
                return;
            }
        }
    }

    /// <summary>
    /// Only the sentiment pass is worth a database write when it ends. Parsing and building the row are cheap and
    /// deterministic, so after a crash they are done again from what storage holds instead of each costing every
    /// session a round trip; the final stage is written by <see cref="Finish"/>.
    /// </summary>
    private static bool Persists(SessionStage finished) => finished == SessionStage.Extracting;

    private async Task<(SessionStage Next, int FeaturesCount)> RunStage(SessionStage stage)
    {
        switch (stage)
        {
            case SessionStage.Received:
            case SessionStage.Preprocessing:
            {
                _session = Preprocess();
                return (SessionStage.Extracting, _session.Utterances.Count);
            }
            case SessionStage.Extracting:
            {
                // Resumed on another silo, the parse is redone from the stored text: it is deterministic.
                var session = _session ?? Preprocess();
                var sentences = FeatureExtractor.Sentences(session);
                var scores = await GrainFactory.GetGrain<ISentimentWorkerGrain>(0).Score(sentences.Select(s => s.Text).ToArray());
                var features = extractor.Extract(session, sentences, scores);
                _featuresJson = JsonSerializer.Serialize(features, Stored);
                state.State.SealedFeatures = cipher.Seal(_featuresJson, SessionId);
                _session = null;
                return (SessionStage.Building, FeatureSchema.Current.Width);
            }
            case SessionStage.Building:
                state.State.Row = await GrainFactory.GetGrain<IPredictorGrain>(0).BuildRow(FeaturesJson()!);
                // A labelled session is also a training example for the next retrain.
                if (SessionTrainingExample.Of(SessionId, state.State.Version, Submission()!, FeaturesJson()!) is { } example) await examples.Record(example);
                return (SessionStage.Predicting, state.State.Row.Values.Length);
            case SessionStage.Predicting:
                state.State.Prediction = await GrainFactory.GetGrain<IPredictorGrain>(0).Predict(state.State.Row!);
                // A new version went live between the two stages: encode the row again with its encoders.
                if (state.State.Prediction is null) return (SessionStage.Building, 0);
                return (SessionStage.Completed, state.State.Prediction.Distribution.Count);
            default:
                throw new InvalidOperationException($"No work at stage {stage}.");
        }
    }

    /// <summary>
    /// Makes the end durable: the callback handed over, then the final stage written. When either fails the
    /// session is not over — memory goes back to what storage holds and the activation goes, so the resume sweep
    /// runs the end again (a lost hand-over would be a callback never sent). False then.
    /// </summary>
    private async Task<bool> Finish(SessionStage stage, string? error)
    {
        var before = (state.State.Stage, state.State.Error, state.State.UpdatedAt);
        state.State.Stage = stage;
        state.State.Error = stage == SessionStage.Completed ? null : error;
        state.State.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await Webhooks.SessionCallbacks.Enqueue(GrainFactory, ServiceProvider, Snapshot(), state.State.CallbackUrl);
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (state.State.Stage, state.State.Error, state.State.UpdatedAt) = before;
            logger.LogWarning("Session {SessionId} could not finish as {Stage}; it resumes from storage: {Error}", SessionId, stage, e.GetType().Name);
            DeactivateOnIdle();
            return false;
        }
        // Waiters (a realtime answer, a batch) hear of the end once it is durable, not when memory says so.
        _finished.TrySetResult();
        _retire?.Dispose();
        _retire = this.RegisterGrainTimer(() =>
        {
            if (state.State.Stage.IsFinal()) DeactivateOnIdle();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(EndedLifetime, Timeout.InfiniteTimeSpan));
        statistics.Finished(stage);
        events.Finished(SessionId, stage, state.State.Prediction?.Label, DateTimeOffset.UtcNow);
        try
        {
            await Unschedule();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The end is durable; a stale entry only brings a nudge, which finds the session ended and clears it.
            logger.LogWarning("Session {SessionId} ended but stays in the resume schedule for now: {Error}", SessionId, e.GetType().Name);
        }
        return true;
    }

    private async Task Unschedule()
    {
        await schedule.Clear(SessionId);
        _scheduled = false;
    }

    private Session Preprocess()
    {
        var submission = Submission() ?? throw new InvalidOperationException("No submission to process.");
        return new Preprocessor().Preprocess(new SessionRecord(SessionId, submission.ConsultingContent,
            submission.Instructions.Select(i => new Instruction(i.TaskCategory, i.Output)).ToArray(), submission.Metadata));
    }

    private SessionSubmission? Submission() => _submission ??= state.State.SealedSubmission is { } sealedSubmission
        ? JsonSerializer.Deserialize<SessionSubmission>(cipher.Open(sealedSubmission, SessionId), Stored)
        : null;

    private string? FeaturesJson() => _featuresJson ??= state.State.SealedFeatures is { } sealedFeatures
        ? cipher.Open(sealedFeatures, SessionId)
        : null;

    private SessionSnapshot Snapshot()
    {
        var s = state.State;
        return new SessionSnapshot(SessionId, s.Version, s.Stage, s.Prediction, s.Stages.ToArray(), s.Error, s.CreatedAt, s.UpdatedAt,
            FeaturesJson(), s.Attempts);
    }

    private static string HashOf(SessionSubmission submission)
    {
        var text = new StringBuilder(submission.ConsultingContent);
        foreach (var i in submission.Instructions) text.Append('\u001f').Append(i.TaskCategory).Append('\u001e').Append(i.Output);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
