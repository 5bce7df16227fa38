using Counseling.Grains.Pipeline.Sentiment.Onnx;

namespace Counseling.Grains.Pipeline.Sentiment.Training;

/// <summary>
/// Writes a <see cref="SentimentNetwork"/> as an ONNX graph with the inputs and output of a BERT
/// sequence classifier (input_ids, attention_mask → logits), so the scorer serves it and an exported
/// Hugging Face model through one code path. Embedding tables are stored as float16 and cast after
/// the lookup, which halves the file and costs nothing measurable at inference.
/// </summary>
public static class SentimentOnnxExport
{
    public const string Producer = "counseling-sentiment-train";

    public static byte[] ToOnnx(SentimentNetwork network)
    {
        var shape = network.Shape;
        var d = shape.EmbeddingSize;
        var g = new OnnxGraph("subword_ngram_sentiment");
        g.AddInput("input_ids", TensorElement.Int64, "batch", "sequence");
        g.AddInput("attention_mask", TensorElement.Int64, "batch", "sequence");
        g.AddOutput("logits", TensorElement.Float, "batch", shape.Classes);

        var unigrams = g.AddInitializer("unigram_embeddings", [shape.VocabularySize, d], ToHalf(network.Unigrams));
        var bigrams = g.AddInitializer("bigram_embeddings", [shape.BigramBuckets, d], ToHalf(network.Bigrams));
        var trigrams = g.AddInitializer("trigram_embeddings", [shape.TrigramBuckets, d], ToHalf(network.Trigrams));
        var convTable = g.AddInitializer("conv_embeddings", [shape.VocabularySize, shape.ConvEmbeddingSize], ToHalf(network.ConvEmbeddings));
        var convWeight = g.AddInitializer("conv_weight", [shape.Filters, SentimentNetwork.KernelWidth, shape.ConvEmbeddingSize], network.ConvWeights);
        var convBias = g.AddInitializer("conv_bias", [shape.Filters], network.ConvBias);
        var w1 = g.AddInitializer("hidden_weight", [shape.PooledSize, shape.HiddenSize], network.HiddenWeights);
        var b1 = g.AddInitializer("hidden_bias", [shape.HiddenSize], network.HiddenBias);
        var w2 = g.AddInitializer("output_weight", [shape.HiddenSize, shape.Classes], network.OutputWeights);
        var b2 = g.AddInitializer("output_bias", [shape.Classes], network.OutputBias);

        var axis1 = g.AddConstant("axis_1", 1);
        var axis2 = g.AddConstant("axis_2", 2);
        var zero = g.AddConstant("at_0", 0);
        var one = g.AddConstant("at_1", 1);
        var two = g.AddConstant("at_2", 2);
        var lessOne = g.AddConstant("at_minus_1", -1);
        var lessTwo = g.AddConstant("at_minus_2", -2);
        var end = g.AddConstant("at_end", long.MaxValue);
        var bigramMultiplier = g.AddScalar("bigram_multiplier", SentimentNetwork.BigramMultiplier);
        var trigramMultiplier = g.AddScalar("trigram_multiplier", SentimentNetwork.TrigramMultiplier);
        var bigramBuckets = g.AddScalar("bigram_buckets", shape.BigramBuckets);
        var trigramBuckets = g.AddScalar("trigram_buckets", shape.TrigramBuckets);
        var minCount = g.AddInitializer("min_count", [], [1f]);

        var mask = g.AddNode("Cast", ["attention_mask"], "mask_f", OnnxAttribute.Of("to", (long)TensorElement.Float));

        string Slice(string input, string from, string to, string name) =>
            g.AddNode("Slice", [input, from, to, axis1], name);

        // Masked mean over the sequence axis of the rows that `indices` picks from `table`.
        string Pool(string prefix, string table, string indices, string weights)
        {
            var rows = g.AddNode("Gather", [table, indices], $"{prefix}_rows_h");
            var rowsF = g.AddNode("Cast", [rows], $"{prefix}_rows", OnnxAttribute.Of("to", (long)TensorElement.Float));
            var w = g.AddNode("Unsqueeze", [weights, axis2], $"{prefix}_weights");
            var masked = g.AddNode("Mul", [rowsF, w], $"{prefix}_masked");
            var sum = g.AddNode("ReduceSum", [masked, axis1], $"{prefix}_sum", OnnxAttribute.Of("keepdims", 0L));
            var count = g.AddNode("ReduceSum", [weights, axis1], $"{prefix}_count_raw", OnnxAttribute.Of("keepdims", 1L));
            var safe = g.AddNode("Max", [count, minCount], $"{prefix}_count");
            return g.AddNode("Div", [sum, safe], $"{prefix}_mean");
        }

        var uni = Pool("uni", unigrams, "input_ids", mask);

        var first = Slice("input_ids", zero, lessOne, "bi_first");
        var second = Slice("input_ids", one, end, "bi_second");
        var biKey = g.AddNode("Add", [g.AddNode("Mul", [first, bigramMultiplier], "bi_scaled"), second], "bi_key");
        var biIndex = g.AddNode("Mod", [biKey, bigramBuckets], "bi_index", OnnxAttribute.Of("fmod", 0L));
        var biMask = g.AddNode("Mul", [Slice(mask, zero, lessOne, "bi_mask_a"), Slice(mask, one, end, "bi_mask_b")], "bi_mask");
        var bi = Pool("bi", bigrams, biIndex, biMask);

        var triFirst = Slice("input_ids", zero, lessTwo, "tri_first");
        var triSecond = Slice("input_ids", one, lessOne, "tri_second");
        var triThird = Slice("input_ids", two, end, "tri_third");
        var triPair = g.AddNode("Add", [g.AddNode("Mul", [triFirst, bigramMultiplier], "tri_scaled_1"), triSecond], "tri_pair");
        var triKey = g.AddNode("Add", [g.AddNode("Mul", [triPair, trigramMultiplier], "tri_scaled_2"), triThird], "tri_key");
        var triIndex = g.AddNode("Mod", [triKey, trigramBuckets], "tri_index", OnnxAttribute.Of("fmod", 0L));
        var triMaskAb = g.AddNode("Mul", [Slice(mask, zero, lessTwo, "tri_mask_a"), Slice(mask, one, lessOne, "tri_mask_b")], "tri_mask_ab");
        var triMask = g.AddNode("Mul", [triMaskAb, Slice(mask, two, end, "tri_mask_c")], "tri_mask");
        var tri = Pool("tri", trigrams, triIndex, triMask);

        // The network keeps kernels as [F, width, Dc]; Conv wants [F, Dc, width], so the constant is
        // transposed once here (ONNX Runtime folds it at load) rather than in the C# training loop.
        var kernel = g.AddNode("Transpose", [convWeight], "conv_kernel", OnnxAttribute.List("perm", 0L, 2L, 1L));
        var pieces = g.AddNode("Cast", [g.AddNode("Gather", [convTable, "input_ids"], "conv_rows_h")], "conv_rows",
            OnnxAttribute.Of("to", (long)TensorElement.Float));
        var maskColumn = g.AddNode("Unsqueeze", [mask, axis2], "conv_mask_column");
        var zeroed = g.AddNode("Mul", [pieces, maskColumn], "conv_zeroed");
        var channels = g.AddNode("Transpose", [zeroed], "conv_channels", OnnxAttribute.List("perm", 0L, 2L, 1L));
        var convolved = g.AddNode("Conv", [channels, kernel, convBias], "conv_linear",
            OnnxAttribute.List("kernel_shape", (long)SentimentNetwork.KernelWidth), OnnxAttribute.List("pads", 1L, 1L));
        var activated = g.AddNode("Relu", [convolved], "conv_relu");
        var maskRow = g.AddNode("Unsqueeze", [mask, axis1], "conv_mask_row");
        // ReLU outputs are never negative, so zeroing padded positions leaves each filter's maximum as it is.
        var kept = g.AddNode("Mul", [activated, maskRow], "conv_kept");
        var cnn = g.AddNode("ReduceMax", [kept], "conv_pooled", OnnxAttribute.List("axes", 2L), OnnxAttribute.Of("keepdims", 0L));

        var pooled = g.AddNode("Concat", [uni, bi, tri, cnn], "pooled", OnnxAttribute.Of("axis", 1L));
        var hidden = g.AddNode("Relu", [g.AddNode("Gemm", [pooled, w1, b1], "hidden_linear")], "hidden");
        g.AddNode("Gemm", [hidden, w2, b2], "logits");

        return g.ToBytes(Producer, new Dictionary<string, string>
        {
            ["vocabulary_size"] = shape.VocabularySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["embedding_size"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["bigram_buckets"] = shape.BigramBuckets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["trigram_buckets"] = shape.TrigramBuckets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["hidden_size"] = shape.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["conv_embedding_size"] = shape.ConvEmbeddingSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["filters"] = shape.Filters.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static Half[] ToHalf(float[] values)
    {
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++) halves[i] = (Half)values[i];
        return halves;
    }
}
