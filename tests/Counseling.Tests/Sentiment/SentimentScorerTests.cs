using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Sentiment.Onnx;

namespace Counseling.Tests.Sentiment;

/// <summary>The scorer on the shipped model, and on folders made to break it.</summary>
public sealed class SentimentScorerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sentiment-scorer-").FullName;

    [Fact]
    public void Shipped_model_gives_distributions_that_sum_to_one()
    {
        using var scorer = SentimentScorer.Load(ModelLocation.Sentiment());
        foreach (var score in scorer.Score(["안녕하세요, 무엇을 도와드릴까요?", "네.", "카드 분실 신고하려고요"]))
        {
            Assert.Equal(5, score.Probabilities.Length);
            Assert.Equal(1.0, score.Probabilities.Sum(), 5);
            Assert.All(score.Probabilities, p => Assert.InRange(p, 0f, 1f));
        }
    }

    [Fact]
    public void Shipped_model_puts_clearly_positive_and_negative_sentences_on_their_sides()
    {
        using var scorer = SentimentScorer.Load(ModelLocation.Sentiment());
        var positive = scorer.Score("정말 친절하게 설명해 주셔서 너무 좋았어요, 최고입니다 감사합니다");
        var negative = scorer.Score("최악이에요, 너무 불친절하고 시간만 낭비했어요 정말 실망입니다");
        Assert.True(positive.ExpectedStars >= 3.5, $"positive sentence scored {positive.ExpectedStars:F2} stars");
        Assert.True(negative.ExpectedStars < 2.5, $"negative sentence scored {negative.ExpectedStars:F2} stars");
    }

    [Fact]
    public void A_batch_gives_the_same_numbers_as_one_sentence_at_a_time()
    {
        using var scorer = SentimentScorer.Load(ModelLocation.Sentiment(), new SentimentScorerOptions { BatchSize = 4 });
        string[] sentences =
        [
            "네", "상담사님 덕분에 문제가 해결됐어요 고맙습니다", "왜 아직도 처리가 안 된 거죠? 벌써 세 번째 전화예요",
            "", "   ", "요금제 변경은 다음 달부터 적용됩니다", "환불은 언제 되나요", "▲▲▲ 고객님 맞으십니까", "아 네 알겠습니다",
        ];
        var batched = scorer.Score(sentences);
        for (var i = 0; i < sentences.Length; i++)
        {
            var single = scorer.Score(sentences[i]);
            for (var k = 0; k < 5; k++) Assert.Equal(single.Probabilities[k], batched[i].Probabilities[k], 5);
        }
    }

    [Fact]
    public async Task Disposing_while_batches_run_waits_for_them_and_refuses_later_ones()
    {
        var scorer = SentimentScorer.Load(ModelLocation.Sentiment(), new SentimentScorerOptions { BatchSize = 2 });
        var sentences = Enumerable.Range(0, 400).Select(i => $"상담 문장 {i}번, 처리가 늦어서 불편했지만 설명은 친절했어요").ToArray();
        var scoring = Task.Run(() => scorer.Score(sentences));
        await Task.Delay(20);
        scorer.Dispose();

        // A batch in flight either finished or was told to stop; none ran on a freed session (that crashes the process).
        var outcome = await Record.ExceptionAsync(() => scoring);
        Assert.True(outcome is null or ObjectDisposedException or AggregateException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException,
            $"unexpected {outcome}");
        Assert.Throws<ObjectDisposedException>(() => scorer.Score("끝난 뒤의 문장"));
        scorer.Dispose();
    }

    [Fact]
    public void Empty_and_whitespace_only_text_is_scored_without_error()
    {
        using var scorer = SentimentScorer.Load(ModelLocation.Sentiment());
        var scores = scorer.Score(["", " ", "\t\n", "\u200b"]);
        Assert.All(scores, s => Assert.Equal(1.0, s.Probabilities.Sum(), 5));
        Assert.Empty(scorer.Score([]));
    }

    [Fact]
    public void Missing_folder_and_missing_files_are_errors_that_name_the_file()
    {
        var missing = Path.Combine(_root, "nowhere");
        Assert.Contains(missing, Assert.Throws<SentimentModelException>(() => SentimentScorer.Load(missing)).Message);

        foreach (var file in new[] { "model.onnx", "config.json", "vocab.txt" })
        {
            var folder = CopyOfShippedModel(file);
            File.Delete(Path.Combine(folder, file));
            var error = Assert.Throws<SentimentModelException>(() => SentimentScorer.Load(folder));
            Assert.Contains(file, error.Message);
        }
    }

    [Fact]
    public void Corrupt_files_are_errors_that_name_the_file()
    {
        foreach (var (file, content) in new[] { ("model.onnx", "not a protobuf"), ("config.json", "{ id2label: "), ("tokenizer_config.json", "[1, 2") })
        {
            var folder = CopyOfShippedModel(file);
            File.WriteAllText(Path.Combine(folder, file), content);
            var error = Assert.Throws<SentimentModelException>(() => SentimentScorer.Load(folder));
            Assert.Contains(file, error.Message);
        }
    }

    [Fact]
    public void A_graph_that_declares_token_type_ids_is_fed_them_and_labels_map_outputs_to_stars()
    {
        // A BERT-shaped toy: logits are the masked sum of token and token-type embeddings, with
        // id2label in reverse so output 0 is "5 stars".
        var folder = Path.Combine(_root, "bert-shaped");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "좋다", "나쁘다"]);
        // Cased, so the syllable entries match; uncased BERT would see jamo and give [UNK].
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{"do_lower_case": false}""");
        File.WriteAllText(Path.Combine(folder, "config.json"),
            """{"id2label": {"0": "5 stars", "1": "4 stars", "2": "3 stars", "3": "2 stars", "4": "1 star"}}""");

        var graph = new OnnxGraph("toy");
        graph.AddInput("input_ids", TensorElement.Int64, "batch", "sequence");
        graph.AddInput("attention_mask", TensorElement.Int64, "batch", "sequence");
        graph.AddInput("token_type_ids", TensorElement.Int64, "batch", "sequence");
        graph.AddOutput("logits", TensorElement.Float, "batch", 5);
        var tokens = new float[7 * 5];
        tokens[5 * 5 + 0] = 4f; // 좋다 → output 0 (5 stars)
        tokens[6 * 5 + 4] = 4f; // 나쁘다 → output 4 (1 star)
        graph.AddInitializer("tokens", [7, 5], tokens);
        graph.AddInitializer("types", [2, 5], new float[10]);
        var axis1 = graph.AddConstant("axis1", 1);
        var axis2 = graph.AddConstant("axis2", 2);
        var mask = graph.AddNode("Cast", ["attention_mask"], "mask", OnnxAttribute.Of("to", (long)TensorElement.Float));
        var sum = graph.AddNode("Add", [graph.AddNode("Gather", ["tokens", "input_ids"], "t"), graph.AddNode("Gather", ["types", "token_type_ids"], "y")], "e");
        var masked = graph.AddNode("Mul", [sum, graph.AddNode("Unsqueeze", [mask, axis2], "m")], "em");
        graph.AddNode("ReduceSum", [masked, axis1], "logits", OnnxAttribute.Of("keepdims", 0L));
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), graph.ToBytes("test"));

        using var scorer = SentimentScorer.Load(folder);
        var scores = scorer.Score(["좋다", "나쁘다"]);
        Assert.True(scores[0].ExpectedStars > 4.5, $"좋다 scored {scores[0].ExpectedStars}");
        Assert.True(scores[1].ExpectedStars < 1.5, $"나쁘다 scored {scores[1].ExpectedStars}");
    }

    [Fact]
    public void Gpu_request_on_the_cpu_build_falls_back_to_cpu()
    {
        using var scorer = SentimentScorer.Load(ModelLocation.Sentiment(), new SentimentScorerOptions { GpuEnabled = true });
        Assert.False(scorer.OnGpu);
        Assert.Equal(1.0, scorer.Score("괜찮아요").Probabilities.Sum(), 5);
    }

    private string CopyOfShippedModel(string tag)
    {
        var folder = Path.Combine(_root, tag.Replace('.', '-') + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(ModelLocation.Sentiment()))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
