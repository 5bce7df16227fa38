using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>
/// Trains the outcome model from labelled session records, top to bottom: preprocess, extract, encode,
/// split 70/15/15 stratified with seed 42, fit LightGBM, save model and metadata.
/// </summary>
public sealed class OutcomeTrainer(SentimentScorer scorer, FeatureExtractor extractor, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public const int ExtractionBatch = 256;

    public OutcomeModel Train(IReadOnlyList<SessionRecord> records, string outputDirectory,
        OutcomeHyperParameters? hyperParameters = null, string trainingData = "")
    {
        // 1. Preprocess; sessions without a usable dialogue or without a label cannot teach anything.
        var batch = new Preprocessor().PreprocessEach(records);
        foreach (var failure in batch.Failures.Take(10)) _logger.LogWarning("Skipped: {Reason}", failure.Message);
        var labelled = batch.Sessions.Where(s => s.Outcome is not null).ToArray();
        if (labelled.Length < 20)
            throw new InvalidDataException($"{labelled.Length} labelled sessions; training needs at least 20 with a '상담 결과'.");
        _logger.LogInformation("{Sessions} labelled sessions ({Skipped} records skipped)", labelled.Length, batch.Failures.Count);

        // 2. Features, with the sentences of many sessions scored in shared batches.
        var features = new List<SessionFeatures>(labelled.Length);
        for (var i = 0; i < labelled.Length; i += ExtractionBatch)
        {
            features.AddRange(extractor.Extract(labelled.Skip(i).Take(ExtractionBatch).ToArray(), scorer));
            _logger.LogInformation("Features: {Done}/{Total}", features.Count, labelled.Length);
        }

        // 3. Encoders fitted on all sessions, rows in schema order, the stratified split.
        var encoders = FeatureEncoders.Fit(features);
        var rows = features.Select(f => FeatureRow.From(f, encoders)).ToArray();
        var labels = labelled.Select(s => s.Outcome!).ToArray();
        var split = StratifiedSplit.Of(labels);

        // 4. LightGBM, then the artifacts.
        var model = OutcomeModel.Train(rows, labels, split, encoders, hyperParameters, trainingData);
        model.Save(outputDirectory);
        _logger.LogInformation("Model {Version}: validation macro-F1 {Validation:F4}, test macro-F1 {Test:F4}",
            model.Version, model.Metadata.Metrics.Validation.MacroF1, model.Metadata.Metrics.Test.MacroF1);
        return model;
    }
}
