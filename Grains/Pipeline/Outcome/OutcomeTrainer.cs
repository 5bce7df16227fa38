using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>
/// Trains the outcome model from labelled session records, top to bottom: preprocess, extract, encode,
/// split 70/15/15 stratified with seed 42, fit LightGBM, save model and metadata. A retrain that already
/// holds the features of stored sessions enters at <see cref="Fit"/>, so both run the same stages 3 and 4.
/// </summary>
public sealed class OutcomeTrainer(SentimentScorer scorer, FeatureExtractor extractor, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public const int ExtractionBatch = 256;

    /// <summary>Fewer labelled sessions than this cannot fill a stratified split with a few of each class.</summary>
    public const int MinimumSessions = 20;

    public OutcomeModel Train(IReadOnlyList<SessionRecord> records, string outputDirectory,
        OutcomeHyperParameters? hyperParameters = null, string trainingData = "")
    {
        var sessions = Extract(records);
        var model = Fit(sessions, StratifiedSplit.Of(sessions.Labels), hyperParameters, trainingData, _logger);
        model.Save(outputDirectory);
        return model;
    }

    /// <summary>Stages 1 and 2 over labelled records; <paramref name="progress"/> hears the share of sessions done.</summary>
    public LabelledSessions Extract(IReadOnlyList<SessionRecord> records, IProgress<double>? progress = null)
    {
        // 1. Preprocess; sessions without a usable dialogue or without a label cannot teach anything.
        var batch = new Preprocessor().PreprocessEach(records);
        foreach (var failure in batch.Failures.Take(10)) _logger.LogWarning("Skipped: {Reason}", failure.Message);
        var labelled = batch.Sessions.Where(s => s.Outcome is not null).ToArray();
        if (Untrainable(labelled.Select(s => s.Outcome!).ToArray()) is { } reason) throw new InvalidDataException(reason);
        _logger.LogInformation("{Sessions} labelled sessions ({Skipped} records skipped)", labelled.Length, batch.Failures.Count);

        // 2. Features, with the sentences of many sessions scored in shared batches.
        var features = new List<SessionFeatures>(labelled.Length);
        for (var i = 0; i < labelled.Length; i += ExtractionBatch)
        {
            features.AddRange(extractor.Extract(labelled.Skip(i).Take(ExtractionBatch).ToArray(), scorer));
            _logger.LogInformation("Features: {Done}/{Total}", features.Count, labelled.Length);
            progress?.Report((double)features.Count / labelled.Length);
        }
        return new LabelledSessions(features, labelled.Select(s => s.Outcome!).ToArray());
    }

    /// <summary>Stages 3 and 4: encoders fitted on all sessions, rows in schema order, LightGBM on the split.</summary>
    public static OutcomeModel Fit(LabelledSessions sessions, StratifiedSplit split, OutcomeHyperParameters? hyperParameters = null,
        string trainingData = "", ILogger? logger = null)
    {
        if (Untrainable(sessions.Labels) is { } reason) throw new InvalidDataException(reason);
        var encoders = FeatureEncoders.Fit(sessions.Features);
        var rows = sessions.Features.Select(f => FeatureRow.From(f, encoders)).ToArray();
        var model = OutcomeModel.Train(rows, sessions.Labels, split, encoders, hyperParameters, trainingData);
        logger?.LogInformation("Model {Version}: validation macro-F1 {Validation:F4}, test macro-F1 {Test:F4}",
            model.Version, model.Metadata.Metrics.Validation.MacroF1, model.Metadata.Metrics.Test.MacroF1);
        return model;
    }

    /// <summary>Why these labels cannot train a model, or null when they can.</summary>
    public static string? Untrainable(IReadOnlyCollection<string> labels)
    {
        if (labels.Count < MinimumSessions)
            return $"{labels.Count} labelled sessions; training needs at least {MinimumSessions} with a '{Session.OutcomeCategory}'.";
        var classes = labels.Distinct(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2)
            return $"all {labels.Count} labelled sessions are '{classes[0]}'; training needs at least two classes.";
        return null;
    }
}

/// <summary>Stage 2's features of labelled sessions with their labels, in the same order.</summary>
public sealed record LabelledSessions(IReadOnlyList<SessionFeatures> Features, IReadOnlyList<string> Labels);
