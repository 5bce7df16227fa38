using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Sentiment.Onnx;
using Counseling.Grains.Pipeline.Sentiment.Training;
using Microsoft.ML.OnnxRuntime;

namespace Counseling.Tests.Sentiment;

public sealed class SentimentOnnxExportTests
{
    private static readonly SentimentNetworkShape SmallShape = new(VocabularySize: 40, EmbeddingSize: 8,
        BigramBuckets: 97, TrigramBuckets: 89, HiddenSize: 6);

    [Fact]
    public void OnnxRuntime_agrees_with_the_CSharp_forward_pass_on_a_padded_batch()
    {
        var network = new SentimentNetwork(SmallShape, seed: 7);
        // Biases start at zero; give them values so a wrong bias wiring shows.
        for (var i = 0; i < network.HiddenBias.Length; i++) network.HiddenBias[i] = 0.05f * (i - 2);
        for (var i = 0; i < network.OutputBias.Length; i++) network.OutputBias[i] = 0.1f * i;
        network.RoundEmbeddingsToHalf();

        int[][] sentences = [[2, 3], [2, 11, 3], [2, 5, 9, 14, 3], [2, 39, 38, 37, 36, 35, 34, 3]];
        var logits = RunOnnx(SentimentOnnxExport.ToOnnx(network), sentences);

        for (var r = 0; r < sentences.Length; r++)
        {
            var expected = network.Forward(sentences[r]);
            for (var k = 0; k < expected.Length; k++)
                Assert.True(Math.Abs(expected[k] - logits[r][k]) <= 1e-5,
                    $"sentence {r}, class {k}: C# {expected[k]} vs ONNX Runtime {logits[r][k]}");
        }
        // The pooled n-grams must reach the output: different sentences, different logits.
        Assert.NotEqual(logits[1][0], logits[2][0]);
    }

    [Fact]
    public void An_ensemble_exports_as_the_average_of_its_members_probabilities()
    {
        SentimentNetwork[] members = [new(SmallShape, seed: 7), new(SmallShape, seed: 8), new(SmallShape, seed: 9)];
        foreach (var member in members)
        {
            for (var i = 0; i < member.OutputBias.Length; i++) member.OutputBias[i] = 0.3f * i - 0.5f;
            member.RoundEmbeddingsToHalf();
        }
        members[1].ScaleLogits(0.5f);

        int[][] sentences = [[2, 3], [2, 5, 9, 14, 3], [2, 39, 38, 37, 36, 35, 34, 3]];
        var logits = RunOnnx(SentimentOnnxExport.ToOnnx(members), sentences);

        for (var r = 0; r < sentences.Length; r++)
        {
            var expected = new float[SmallShape.Classes];
            var one = new float[SmallShape.Classes];
            foreach (var member in members)
            {
                Softmax.Apply(member.Forward(sentences[r]), one);
                for (var k = 0; k < one.Length; k++) expected[k] += one[k] / members.Length;
            }
            var served = new float[SmallShape.Classes];
            Softmax.Apply(logits[r], served);
            for (var k = 0; k < expected.Length; k++)
                Assert.True(Math.Abs(expected[k] - served[k]) <= 1e-5,
                    $"sentence {r}, class {k}: C# {expected[k]} vs ONNX Runtime {served[k]}");
        }
    }

    [Fact]
    public void Export_is_the_same_bytes_for_the_same_network()
    {
        var first = SentimentOnnxExport.ToOnnx(new SentimentNetwork(SmallShape, seed: 3));
        var second = SentimentOnnxExport.ToOnnx(new SentimentNetwork(SmallShape, seed: 3));
        var other = SentimentOnnxExport.ToOnnx(new SentimentNetwork(SmallShape, seed: 4));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Export_declares_the_inputs_and_output_of_a_BERT_sequence_classifier_at_a_standard_opset()
    {
        using var session = new InferenceSession(SentimentOnnxExport.ToOnnx(new SentimentNetwork(SmallShape, seed: 1)));
        Assert.Equal(["input_ids", "attention_mask"], session.InputMetadata.Keys);
        Assert.All(session.InputMetadata.Values, m => Assert.Equal(typeof(long), m.ElementType));
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("logits", output.Key);
        Assert.Equal([-1, 5], output.Value.Dimensions);
        Assert.True(OnnxGraph.OpsetVersion >= 13);
    }

    [Fact]
    public void Graph_builder_rejects_an_initializer_whose_values_do_not_fill_its_shape()
    {
        var graph = new OnnxGraph("bad");
        Assert.Throws<ArgumentException>(() => graph.AddInitializer("w", [2, 3], new float[5]));
    }

    internal static float[][] RunOnnx(byte[] model, int[][] sentences)
    {
        using var session = new InferenceSession(model);
        var length = sentences.Max(s => s.Length);
        var ids = new long[sentences.Length * length];
        var mask = new long[sentences.Length * length];
        for (var r = 0; r < sentences.Length; r++)
            for (var t = 0; t < sentences[r].Length; t++)
            {
                ids[r * length + t] = sentences[r][t];
                mask[r * length + t] = 1;
            }
        long[] shape = [sentences.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var run = new RunOptions();
        using var outputs = session.Run(run, ["input_ids", "attention_mask"], [idsValue, maskValue], ["logits"]);
        var flat = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var classes = flat.Length / sentences.Length;
        return Enumerable.Range(0, sentences.Length).Select(r => flat.AsSpan(r * classes, classes).ToArray()).ToArray();
    }
}
