using System.Text.Json;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Sentiment.Training;

namespace Counseling.Tests.Sentiment;

public sealed class SentimentTrainerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sentiment-train-").FullName;

    internal static readonly SentimentTrainingOptions Small = new()
    {
        VocabularySize = 300,
        EmbeddingSize = 16,
        BigramBuckets = 1009,
        TrigramBuckets = 1013,
        HiddenSize = 16,
        Epochs = 30,
        LearningRate = 0.1f,
        MaxLength = 64,
    };

    internal static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Trains_on_a_small_fixture_and_writes_a_folder_the_scorer_serves()
    {
        var examples = SentimentCorpus.Read(FixturePath("sentiment-small.tsv"));
        var output = Path.Combine(_root, "model");
        var report = new SentimentTrainer(Small).Train(examples, examples, output);

        foreach (var file in new[] { "model.onnx", "vocab.txt", "config.json", "tokenizer_config.json", "metrics.json" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} was not written");
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.Equal(examples.Count, metrics.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(report.Accuracy, metrics.RootElement.GetProperty("accuracy").GetDouble(), 4);

        // Forty sentences are learnable: the fit must separate the poles it was shown.
        Assert.True(report.PolarityAccuracy >= 0.9, $"polarity accuracy on the training fixture was {report.PolarityAccuracy}");
        using var scorer = SentimentScorer.Load(output);
        var positive = scorer.Score("정말 최고의 영화였어요 강력 추천합니다");
        var negative = scorer.Score("최악의 영화 시간 낭비");
        Assert.True(positive.ExpectedStars > negative.ExpectedStars + 1,
            $"positive {positive.ExpectedStars:F2} vs negative {negative.ExpectedStars:F2}");
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var examples = SentimentCorpus.Read(FixturePath("sentiment-small.tsv"));
        var options = Small with { Epochs = 3 };
        byte[] TrainedModel(int seed, string name)
        {
            var output = Path.Combine(_root, name);
            new SentimentTrainer(options with { Seed = seed }).Train(examples, examples, output);
            return File.ReadAllBytes(Path.Combine(output, "model.onnx"));
        }
        var first = TrainedModel(5, "a");
        Assert.Equal(first, TrainedModel(5, "b"));
        Assert.NotEqual(first, TrainedModel(6, "c"));
        Assert.Equal(File.ReadAllText(Path.Combine(_root, "a", "vocab.txt")), File.ReadAllText(Path.Combine(_root, "b", "vocab.txt")));
    }

    [Fact]
    public void Corpus_reader_names_the_line_at_fault()
    {
        var path = Path.Combine(_root, "bad.tsv");
        File.WriteAllText(path, "stars\ttext\n5\t좋아요\nsix\t별로\n");
        var error = Assert.Throws<InvalidDataException>(() => SentimentCorpus.Read(path));
        Assert.Contains("bad.tsv:3", error.Message);
    }

    [Fact]
    public void Vocabulary_holds_the_special_tokens_characters_and_frequent_merges()
    {
        var vocabulary = WordPieceVocabularyBuilder.Build(["상담 상담 상담사 상담원", "상담사님 감사합니다", "감사합니다!"], 40, minFrequency: 1);
        Assert.Equal(WordPieceVocabularyBuilder.SpecialTokens, vocabulary.Take(5));
        Assert.Contains("상", vocabulary);
        Assert.Contains("##담", vocabulary);
        Assert.Contains("상담", vocabulary);
        Assert.Contains("!", vocabulary);
        Assert.Equal(vocabulary.Count, vocabulary.Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
