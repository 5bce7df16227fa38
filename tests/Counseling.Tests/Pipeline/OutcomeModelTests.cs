using System.Text.Json.Nodes;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Tests.Pipeline;

/// <summary>Train, save, load and predict with real LightGBM on a small generated set.</summary>
public sealed class OutcomeModelTests : IClassFixture<OutcomeModelTests.TrainedModel>
{
    public sealed class TrainedModel : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("outcome-model-").FullName;
        public OutcomeModel Model { get; }
        public IReadOnlyList<SessionRecord> Held { get; }

        public TrainedModel()
        {
            using var writer = new StringWriter();
            new DialogueGenerator(seed: 11).WriteJsonl(400, writer);
            var records = SessionRecordReader.Parse(writer.ToString()).Records;
            using var heldWriter = new StringWriter();
            new DialogueGenerator(seed: 12).WriteJsonl(40, heldWriter);
            Held = SessionRecordReader.Parse(heldWriter.ToString()).Records;
            using var scorer = SentimentScorer.Load(ModelLocation.Sentiment());
            var extractor = new FeatureExtractor(LexiconSet.Load(Path.Combine(ModelLocation.Root(), "lexicons")));
            Model = new OutcomeTrainer(scorer, extractor).Train(records, Path.Combine(Root, "outcome"), trainingData: "seed 11");
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    private readonly TrainedModel _trained;

    public OutcomeModelTests(TrainedModel trained) => _trained = trained;

    [Fact]
    public void Saved_folder_holds_the_model_and_complete_metadata()
    {
        var folder = Path.Combine(_trained.Root, "outcome");
        Assert.True(File.Exists(Path.Combine(folder, "model.zip")));
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "metadata.json")))!;
        foreach (var key in new[] { "version", "created_at", "feature_schema", "encoders", "classes", "hyperparameters", "metrics", "training_data_hash" })
            Assert.NotNull(metadata[key]);
        Assert.Equal(200, metadata["hyperparameters"]!["iterations"]!.GetValue<int>());
        Assert.Equal(31, metadata["hyperparameters"]!["num_leaves"]!.GetValue<int>());
        var labels = new DialogueGenerator(seed: 11).Generate(400).Select(g => g.Outcome).ToArray();
        var split = StratifiedSplit.Of(labels);
        Assert.Equal(split.Test.Count, metadata["metrics"]!["test"]!["n"]!.GetValue<int>());
        Assert.Equal(split.Validation.Count, metadata["metrics"]!["validation"]!["n"]!.GetValue<int>());
        Assert.Equal(400, metadata["training_rows"]!.GetValue<int>());
        Assert.Equal(64, metadata["training_data_hash"]!.GetValue<string>().Length);
    }

    [Fact]
    public void Loaded_model_predicts_exactly_what_the_trained_one_did()
    {
        var loaded = OutcomeModel.Load(Path.Combine(_trained.Root, "outcome"));
        Assert.Equal(_trained.Model.Version, loaded.Version);
        using var pipeline = new SessionPipeline(SentimentScorer.Load(ModelLocation.Sentiment()),
            new FeatureExtractor(LexiconSet.Load(Path.Combine(ModelLocation.Root(), "lexicons"))), loaded);
        var results = pipeline.Predict(_trained.Held);
        Assert.Equal(40, results.Count);
        var rows = results.Select(r => FeatureRow.From(r.ExtractedFeatures, loaded.Metadata.Encoders)).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var single = _trained.Model.Predict(rows[i]);
            Assert.Equal(single.Label, results[i].Prediction);
            Assert.Equal(single.Confidence, results[i].Confidence, 5);
            Assert.Equal(1.0, results[i].Probabilities.Values.Sum(), 4);
            Assert.Equal(results[i].Probabilities.Values.Max(), results[i].Confidence, 6);
            Assert.Equal(FeatureSchema.OutcomeClasses, results[i].Probabilities.Keys);
        }
        // A model that learned something does not give every session the same answer.
        Assert.True(results.Select(r => r.Prediction).Distinct().Count() >= 2);
    }

    [Fact]
    public void A_model_of_another_feature_schema_is_refused_with_the_reason()
    {
        var folder = Path.Combine(_trained.Root, "other-schema");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(_trained.Root, "outcome", "model.zip"), Path.Combine(folder, "model.zip"));
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(_trained.Root, "outcome", "metadata.json")))!;
        metadata["feature_schema"]!["features"]!.AsArray().RemoveAt(0);
        File.WriteAllText(Path.Combine(folder, "metadata.json"), metadata.ToJsonString());
        var error = Assert.Throws<OutcomeModelException>(() => OutcomeModel.Load(folder));
        Assert.Contains("feature schema", error.Message);
        Assert.Contains("avg_sentence_length", error.Message);
    }

    [Fact]
    public void Missing_and_corrupt_model_files_are_named()
    {
        var missing = Path.Combine(_trained.Root, "absent");
        Assert.Contains("metadata.json", Assert.Throws<OutcomeModelException>(() => OutcomeModel.Load(missing)).Message);

        var corrupt = Path.Combine(_trained.Root, "corrupt");
        Directory.CreateDirectory(corrupt);
        File.Copy(Path.Combine(_trained.Root, "outcome", "metadata.json"), Path.Combine(corrupt, "metadata.json"));
        File.WriteAllText(Path.Combine(corrupt, "model.zip"), "not a zip");
        Assert.Contains("model.zip", Assert.Throws<OutcomeModelException>(() => OutcomeModel.Load(corrupt)).Message);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => _trained.Model.Predict(new float[3]));
    }
}
