using System.Text.Json;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Dataset;

namespace Counseling.Tests.Cli;

/// <summary>The stage verbs and train / evaluate / predict / generate through the real Cli process.</summary>
public sealed class PipelineCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-cli-").FullName;

    private string Models()
    {
        // A models folder of its own, so training here never touches the shipped outcome model.
        var models = Path.Combine(_root, "models");
        foreach (var part in new[] { "sentiment", "lexicons" })
        {
            Directory.CreateDirectory(Path.Combine(models, part));
            foreach (var file in Directory.GetFiles(Path.Combine(ModelLocation.Root(), part)))
                File.Copy(file, Path.Combine(models, part, Path.GetFileName(file)));
        }
        return models;
    }

    private string Path_(string name) => Path.Combine(_root, name);

    [Fact]
    public void Stage_verbs_each_read_the_previous_output()
    {
        var models = Models();
        Assert.Equal(0, CliRun.Run("generate", "--count", "60", "--seed", "5", "--out", Path_("records.jsonl")).ExitCode);
        Assert.Equal(60, File.ReadLines(Path_("records.jsonl")).Count());

        var preprocess = CliRun.Run("preprocess", Path_("records.jsonl"), "--out", Path_("sessions.jsonl"));
        Assert.True(preprocess.ExitCode == 0, preprocess.Error);
        var firstSession = JsonDocument.Parse(File.ReadLines(Path_("sessions.jsonl")).First()).RootElement;
        Assert.True(firstSession.GetProperty("utterances").GetArrayLength() >= 5);

        var extract = CliRun.Run("extract", Path_("sessions.jsonl"), "--out", Path_("features.jsonl"), "--models", models);
        Assert.True(extract.ExitCode == 0, extract.Error);
        var firstFeatures = JsonDocument.Parse(File.ReadLines(Path_("features.jsonl")).First()).RootElement;
        Assert.True(firstFeatures.GetProperty("features").GetProperty("sentiment_analysis").TryGetProperty("overall_sentiment", out _));
        Assert.Contains(firstFeatures.GetProperty("label").GetString(), FeatureSchema.OutcomeClasses);

        var dataset = CliRun.Run("dataset", Path_("features.jsonl"), "--out", Path_("dataset"));
        Assert.True(dataset.ExitCode == 0, dataset.Error);
        var csv = File.ReadAllLines(Path.Combine(Path_("dataset"), "dataset.csv"));
        Assert.Equal(61, csv.Length);
        Assert.Equal(FeatureSchema.Current.Width + 3, csv[0].Split(',').Length);
        Assert.True(File.Exists(Path.Combine(Path_("dataset"), "encoders.json")));
        var labels = new Grains.Pipeline.Synthesis.DialogueGenerator(5).Generate(60).Select(g => g.Outcome).ToArray();
        Assert.Equal(StratifiedSplit.Of(labels).Train.Count, csv.Count(l => l.EndsWith(",train", StringComparison.Ordinal)));
    }

    [Fact]
    public void Train_evaluate_and_predict_end_to_end()
    {
        var models = Models();
        CliRun.Run("generate", "--count", "300", "--seed", "21", "--out", Path_("train.jsonl"));
        CliRun.Run("generate", "--count", "50", "--seed", "22", "--out", Path_("test.jsonl"));

        var train = CliRun.Run("train", "--data", Path_("train.jsonl"), "--out", Path.Combine(models, "outcome"), "--models", models);
        Assert.True(train.ExitCode == 0, train.Error);
        using var trained = JsonDocument.Parse(train.Output.Trim().Split('\n')[^1]);
        Assert.False(string.IsNullOrEmpty(trained.RootElement.GetProperty("model_version").GetString()));

        var evaluate = CliRun.Run("evaluate", "--data", Path_("test.jsonl"), "--models", models);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using var summary = JsonDocument.Parse(evaluate.Output.Trim().Split('\n')[^1]);
        Assert.Equal(50, summary.RootElement.GetProperty("n").GetInt32());
        foreach (var key in new[] { "accuracy", "macro_precision", "macro_recall", "macro_f1", "weighted_f1" })
            Assert.InRange(summary.RootElement.GetProperty(key).GetDouble(), 0.0, 1.0);
        Assert.Equal(4, summary.RootElement.GetProperty("per_class").EnumerateObject().Count());
        Assert.Contains("confusion", evaluate.Output);

        var record = File.ReadLines(Path_("test.jsonl")).First();
        var predict = CliRun.RunWithInput(record, null, "predict", "-", "--models", models);
        Assert.True(predict.ExitCode == 0, predict.Error);
        var result = JsonDocument.Parse(predict.Output).RootElement;
        Assert.Equal("syn_22_1", result.GetProperty("session_id").GetString());
        Assert.Contains(result.GetProperty("prediction").GetString(), FeatureSchema.OutcomeClasses);
        Assert.Equal(trained.RootElement.GetProperty("model_version").GetString(), result.GetProperty("model_version").GetString());
        foreach (var step in new[] { "preprocessing", "feature_extraction", "dataset_creation", "prediction" })
            Assert.Equal("completed", result.GetProperty("pipeline_steps").GetProperty(step).GetProperty("status").GetString());
        foreach (var group in new[] { "basic_stats", "sentiment_analysis", "text_features", "dialogue_patterns", "categories" })
            Assert.True(result.GetProperty("extracted_features").TryGetProperty(group, out _), group);
    }

    [Fact]
    public void Predict_with_the_shipped_models_answers_for_the_README_fixture()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Pipeline", "session-40-turns.json");
        var predict = CliRun.Run("predict", fixture);
        Assert.True(predict.ExitCode == 0, predict.Error);
        var result = JsonDocument.Parse(predict.Output).RootElement;
        Assert.Equal("session_40001", result.GetProperty("session_id").GetString());
        Assert.Contains(result.GetProperty("prediction").GetString(), FeatureSchema.OutcomeClasses);
        Assert.Equal(40, result.GetProperty("extracted_features").GetProperty("basic_stats").GetProperty("speech_count").GetInt32());
    }

    [Fact]
    public void Benchmark_prints_its_figures_as_a_json_line()
    {
        var run = CliRun.Run("benchmark", "--sessions", "60", "--batch", "16", "--turns", "20");
        Assert.True(run.ExitCode == 0, run.Error);
        using var figures = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]);
        Assert.Equal(60, figures.RootElement.GetProperty("sessions").GetInt32());
        Assert.InRange(figures.RootElement.GetProperty("mean_utterances").GetDouble(), 18, 22);
        Assert.True(figures.RootElement.GetProperty("sessions_per_second").GetDouble() > 0);
    }

    [Fact]
    public void Generate_is_the_same_file_for_the_same_seed()
    {
        CliRun.Run("generate", "--count", "30", "--seed", "8", "--out", Path_("a.jsonl"));
        CliRun.Run("generate", "--count", "30", "--seed", "8", "--out", Path_("b.jsonl"));
        CliRun.Run("generate", "--count", "30", "--seed", "9", "--out", Path_("c.jsonl"));
        Assert.Equal(File.ReadAllBytes(Path_("a.jsonl")), File.ReadAllBytes(Path_("b.jsonl")));
        Assert.NotEqual(File.ReadAllBytes(Path_("a.jsonl")), File.ReadAllBytes(Path_("c.jsonl")));
    }

    [Fact]
    public void Bad_input_fails_with_a_reason_and_exit_code_1()
    {
        File.WriteAllText(Path_("empty.json"), """{"session_id": "s1", "consulting_content": "그냥 한 줄"}""");
        var predict = CliRun.Run("predict", Path_("empty.json"));
        Assert.Equal(1, predict.ExitCode);
        Assert.Contains("s1", predict.Error);
        Assert.DoesNotContain("   at ", predict.Error);

        var models = Path.Combine(_root, "no-models");
        var missing = CliRun.Run("predict", Path_("empty.json"), "--models", models);
        Assert.Equal(1, missing.ExitCode);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
