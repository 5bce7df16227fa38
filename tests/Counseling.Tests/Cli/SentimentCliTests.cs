using System.Text.Json;
using Counseling.Tests.Sentiment;

namespace Counseling.Tests.Cli;

public sealed class SentimentCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sentiment-cli-").FullName;

    [Fact]
    public void Train_then_evaluate_then_score_a_small_fixture_end_to_end()
    {
        var data = SentimentTrainerTests.FixturePath("sentiment-small.tsv");
        var model = Path.Combine(_root, "model");

        var train = CliRun.Run("sentiment-train", "--train", data, "--dev", data, "--out", model, "--seed", "3",
            "--vocab-size", "300", "--embedding-size", "16", "--buckets", "1009", "--hidden-size", "16",
            "--filters", "8", "--conv-embedding-size", "8", "--epochs", "20", "--learning-rate", "0.1");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(File.Exists(Path.Combine(model, "model.onnx")));

        var evaluate = CliRun.Run("sentiment-eval", "--data", data, "--model", model);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        var lines = evaluate.Output.Trim().Split('\n');
        Assert.Contains("stars", lines[0]);
        using var summary = JsonDocument.Parse(lines[^1]);
        Assert.Equal(40, summary.RootElement.GetProperty("n").GetInt32());
        foreach (var key in new[] { "accuracy", "macro_f1", "mae", "polarity_accuracy", "sentences_per_second" })
            Assert.True(summary.RootElement.TryGetProperty(key, out _), $"missing {key}");
        Assert.InRange(summary.RootElement.GetProperty("accuracy").GetDouble(), 0.5, 1.0);

        var score = CliRun.Run("sentiment-score", "--model", model, "정말 최고의 영화였어요", "최악의 영화 시간 낭비");
        Assert.True(score.ExitCode == 0, score.Error);
        var rows = score.Output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal("정말 최고의 영화였어요", rows[0].GetProperty("text").GetString());
        Assert.Equal(5, rows[0].GetProperty("probabilities").GetArrayLength());
        Assert.True(rows[0].GetProperty("expected_stars").GetDouble() > rows[1].GetProperty("expected_stars").GetDouble());
    }

    [Fact]
    public void Baseline_prints_the_figures_as_one_json_line()
    {
        var data = SentimentTrainerTests.FixturePath("sentiment-small.tsv");
        var five = CliRun.Run("sentiment-baseline", "--train", data, "--dev", data, "--l2", "0.01");
        Assert.True(five.ExitCode == 0, five.Error);
        using var summary = JsonDocument.Parse(five.Output.Trim().Split('\n')[^1]);
        Assert.Equal(40, summary.RootElement.GetProperty("n").GetInt32());
        Assert.InRange(summary.RootElement.GetProperty("polarity_accuracy").GetDouble(), 0.95, 1.0);
        foreach (var key in new[] { "accuracy", "macro_f1", "mae" })
            Assert.True(summary.RootElement.TryGetProperty(key, out _), $"missing {key}");

        var polar = CliRun.Run("sentiment-baseline", "--train", data, "--dev", data, "--l2", "0.01", "--polarity-only");
        Assert.True(polar.ExitCode == 0, polar.Error);
        using var polarSummary = JsonDocument.Parse(polar.Output.Trim().Split('\n')[^1]);
        Assert.Equal(32, polarSummary.RootElement.GetProperty("n").GetInt32());

        var bad = CliRun.Run("sentiment-baseline", "--train", data, "--dev", data, "--ngrams", "9");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--ngrams", bad.Error);
    }

    [Fact]
    public void Score_with_the_shipped_model_needs_no_arguments_but_the_sentences()
    {
        var score = CliRun.Run("sentiment-score", "상담 정말 감사합니다");
        Assert.True(score.ExitCode == 0, score.Error);
        using var row = JsonDocument.Parse(score.Output.Trim());
        Assert.InRange(row.RootElement.GetProperty("expected_stars").GetDouble(), 1.0, 5.0);
    }

    [Fact]
    public void A_missing_model_folder_is_one_clear_line_and_exit_code_1()
    {
        var missing = Path.Combine(_root, "absent");
        var score = CliRun.Run("sentiment-score", "--model", missing, "좋아요");
        Assert.Equal(1, score.ExitCode);
        Assert.Contains(missing, score.Error);
        Assert.DoesNotContain("   at ", score.Error);
    }

    [Fact]
    public void A_missing_data_file_fails_clearly()
    {
        var result = CliRun.Run("sentiment-eval", "--data", Path.Combine(_root, "none.tsv"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("none.tsv", result.Error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
