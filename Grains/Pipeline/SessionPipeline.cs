using System.Diagnostics;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;

namespace Counseling.Grains.Pipeline;

/// <summary>
/// The four stages in one process with the shipped (or given) models: what the Cli's predict runs,
/// and what a grain runs stage by stage. Safe to share between threads.
/// </summary>
public sealed class SessionPipeline(SentimentScorer scorer, FeatureExtractor extractor, OutcomeModel model) : IDisposable
{
    public const string Completed = "completed";

    public OutcomeModel Model => model;

    public static SessionPipeline Load(string? modelRoot = null, SentimentScorerOptions? options = null)
    {
        return new SessionPipeline(
            SentimentScorer.Load(ModelLocation.Sentiment(modelRoot), options ?? SentimentScorerOptions.FromEnvironment()),
            new FeatureExtractor(LexiconSet.Load(ModelLocation.Lexicons(modelRoot))),
            OutcomeModel.Load(ModelLocation.Outcome(modelRoot)));
    }

    public SessionResult Predict(SessionRecord record) => Predict([record])[0];

    /// <summary>All four stages over a batch: sentences of every session share sentiment batches.</summary>
    public IReadOnlyList<SessionResult> Predict(IReadOnlyList<SessionRecord> records)
    {
        var clock = Stopwatch.StartNew();
        // Records of one session (AI-Hub splits them per instruction) are merged first.
        var sessions = new Preprocessor().Preprocess(records);
        var perSession = 1.0 / Math.Max(1, sessions.Count);
        var preprocessing = clock.Elapsed.TotalSeconds * perSession;

        clock.Restart();
        var features = extractor.Extract(sessions, scorer);
        var extraction = clock.Elapsed.TotalSeconds * perSession;

        clock.Restart();
        var encoders = model.Metadata.Encoders;
        var rows = features.Select(f => FeatureRow.From(f, encoders)).ToArray();
        var dataset = clock.Elapsed.TotalSeconds * perSession;

        clock.Restart();
        var predictions = model.Predict(rows);
        var prediction = clock.Elapsed.TotalSeconds * perSession;

        var width = FeatureSchema.Current.Width;
        return sessions.Select((s, i) => new SessionResult(
            s.SessionId, predictions[i].Label, predictions[i].Confidence, predictions[i].Distribution, predictions[i].ModelVersion,
            new PipelineSteps(
                new PipelineStep(Completed, Math.Round(preprocessing, 6), s.Utterances.Count),
                new PipelineStep(Completed, Math.Round(extraction, 6), width),
                new PipelineStep(Completed, Math.Round(dataset, 6), width),
                new PipelineStep(Completed, Math.Round(prediction, 6), predictions[i].Distribution.Count)),
            features[i])).ToArray();
    }

    public void Dispose() => scorer.Dispose();
}
