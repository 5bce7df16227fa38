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

    public static byte[] ToOnnx(SentimentNetwork network) => ToOnnx([network]);

    /// <summary>
    /// An ensemble of networks of one shape as one graph whose output is the log of the members'
    /// averaged probabilities, so softmax(logits) is that average.
    /// </summary>
    public static byte[] ToOnnx(IReadOnlyList<SentimentNetwork> members)
    {
        if (members.Count == 0) throw new ArgumentException("An export needs at least one network.", nameof(members));
        var shape = members[0].Shape;
        if (members.Any(m => m.Shape != shape)) throw new ArgumentException("Ensemble members must share one shape.", nameof(members));
        var d = shape.EmbeddingSize;
        var g = new OnnxGraph("subword_ngram_sentiment");
        g.AddInput("input_ids", TensorElement.Int64, "batch", "sequence");
        g.AddInput("attention_mask", TensorElement.Int64, "batch", "sequence");
        g.AddOutput("logits", TensorElement.Float, "batch", shape.Classes);

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

        var first = Slice("input_ids", zero, lessOne, "bi_first");
        var second = Slice("input_ids", one, end, "bi_second");
        var biKey = g.AddNode("Add", [g.AddNode("Mul", [first, bigramMultiplier], "bi_scaled"), second], "bi_key");
        var biIndex = g.AddNode("Mod", [biKey, bigramBuckets], "bi_index", OnnxAttribute.Of("fmod", 0L));
        var biMask = g.AddNode("Mul", [Slice(mask, zero, lessOne, "bi_mask_a"), Slice(mask, one, end, "bi_mask_b")], "bi_mask");

        var triFirst = Slice("input_ids", zero, lessTwo, "tri_first");
        var triSecond = Slice("input_ids", one, lessOne, "tri_second");
        var triThird = Slice("input_ids", two, end, "tri_third");
        var triPair = g.AddNode("Add", [g.AddNode("Mul", [triFirst, bigramMultiplier], "tri_scaled_1"), triSecond], "tri_pair");
        var triKey = g.AddNode("Add", [g.AddNode("Mul", [triPair, trigramMultiplier], "tri_scaled_2"), triThird], "tri_key");
        var triIndex = g.AddNode("Mod", [triKey, trigramBuckets], "tri_index", OnnxAttribute.Of("fmod", 0L));
        var triMaskAb = g.AddNode("Mul", [Slice(mask, zero, lessTwo, "tri_mask_a"), Slice(mask, one, lessOne, "tri_mask_b")], "tri_mask_ab");
        var triMask = g.AddNode("Mul", [triMaskAb, Slice(mask, two, end, "tri_mask_c")], "tri_mask");

        // The members run side by side as one wider network: their tables are concatenated along the
        // feature axis, the convolution is grouped per member and the dense layers are block-diagonal.
        // The graph so has the node count of a single network however many members it holds.
        var k = members.Count;
        var unigrams = g.AddInitializer("unigram_embeddings", [shape.VocabularySize, k * d], Side(members, m => m.Unigrams, d));
        var bigrams = g.AddInitializer("bigram_embeddings", [shape.BigramBuckets, k * d], Side(members, m => m.Bigrams, d));
        var trigrams = g.AddInitializer("trigram_embeddings", [shape.TrigramBuckets, k * d], Side(members, m => m.Trigrams, d));
        var dc = shape.ConvEmbeddingSize;
        var convTable = g.AddInitializer("conv_embeddings", [shape.VocabularySize, k * dc], Side(members, m => m.ConvEmbeddings, dc));
        var convWeight = g.AddInitializer("conv_weight", [k * shape.Filters, dc, SentimentNetwork.KernelWidth], ConvKernel(members));
        var convBias = g.AddInitializer("conv_bias", [k * shape.Filters], members.SelectMany(m => m.ConvBias).ToArray());
        var w1 = g.AddInitializer("hidden_weight", [k * shape.PooledSize, k * shape.HiddenSize], HiddenBlocks(members));
        var b1 = g.AddInitializer("hidden_bias", [k * shape.HiddenSize], members.SelectMany(m => m.HiddenBias).ToArray());
        var w2 = g.AddInitializer("output_weight", [k * shape.HiddenSize, k * shape.Classes],
            Blocks(members, m => m.OutputWeights, shape.HiddenSize, shape.Classes));
        var b2 = g.AddInitializer("output_bias", [k * shape.Classes], members.SelectMany(m => m.OutputBias).ToArray());

        var uni = Pool("uni", unigrams, "input_ids", mask);
        var bi = Pool("bi", bigrams, biIndex, biMask);
        var tri = Pool("tri", trigrams, triIndex, triMask);

        var pieces = g.AddNode("Cast", [g.AddNode("Gather", [convTable, "input_ids"], "conv_rows_h")], "conv_rows",
            OnnxAttribute.Of("to", (long)TensorElement.Float));
        var maskColumn = g.AddNode("Unsqueeze", [mask, axis2], "conv_mask_column");
        var zeroed = g.AddNode("Mul", [pieces, maskColumn], "conv_zeroed");
        var channels = g.AddNode("Transpose", [zeroed], "conv_channels", OnnxAttribute.List("perm", 0L, 2L, 1L));
        var convolved = g.AddNode("Conv", [channels, convWeight, convBias], "conv_linear",
            OnnxAttribute.List("kernel_shape", (long)SentimentNetwork.KernelWidth), OnnxAttribute.List("pads", 1L, 1L),
            OnnxAttribute.Of("group", (long)k));
        var activated = g.AddNode("Relu", [convolved], "conv_relu");
        var maskRow = g.AddNode("Unsqueeze", [mask, axis1], "conv_mask_row");
        // ReLU outputs are never negative, so zeroing padded positions leaves each filter's maximum as it is.
        var kept = g.AddNode("Mul", [activated, maskRow], "conv_kept");
        var cnn = g.AddNode("ReduceMax", [kept], "conv_pooled", OnnxAttribute.List("axes", 2L), OnnxAttribute.Of("keepdims", 0L));

        var pooled = g.AddNode("Concat", [uni, bi, tri, cnn], "pooled", OnnxAttribute.Of("axis", 1L));
        var hidden = g.AddNode("Relu", [g.AddNode("Gemm", [pooled, w1, b1], "hidden_linear")], "hidden");
        if (k == 1)
        {
            g.AddNode("Gemm", [hidden, w2, b2], "logits");
        }
        else
        {
            // softmax(log p̄) = p̄: the output stays logits, and the scorer's softmax gives the members' mean.
            var perMember = g.AddNode("Reshape", [g.AddNode("Gemm", [hidden, w2, b2], "member_logits"),
                g.AddConstant("member_shape", 0, k, shape.Classes)], "member_logits_3d");
            var probabilities = g.AddNode("Softmax", [perMember], "member_probabilities", OnnxAttribute.Of("axis", 2L));
            var mean = g.AddNode("ReduceMean", [probabilities], "probability_mean", OnnxAttribute.List("axes", 1L),
                OnnxAttribute.Of("keepdims", 0L));
            // A floor keeps the log finite where every member gives a class a probability that underflows.
            var floor = g.AddInitializer("probability_floor", [], [1e-30f]);
            g.AddNode("Log", [g.AddNode("Max", [mean, floor], "probability_floored")], "logits");
        }

        return g.ToBytes(Producer, new Dictionary<string, string>
        {
            ["vocabulary_size"] = shape.VocabularySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["embedding_size"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["bigram_buckets"] = shape.BigramBuckets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["trigram_buckets"] = shape.TrigramBuckets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["hidden_size"] = shape.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["conv_embedding_size"] = shape.ConvEmbeddingSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["filters"] = shape.Filters.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ensemble_size"] = members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    // Row r of the result is row r of every member's table, member after member.
    private static Half[] Side(IReadOnlyList<SentimentNetwork> members, Func<SentimentNetwork, float[]> table, int width)
    {
        var k = members.Count;
        var rows = table(members[0]).Length / width;
        var side = new Half[rows * k * width];
        for (var m = 0; m < k; m++)
        {
            var values = table(members[m]);
            for (var r = 0; r < rows; r++)
                for (var i = 0; i < width; i++)
                    side[(r * k + m) * width + i] = (Half)values[r * width + i];
        }
        return side;
    }

    // The network keeps kernels as [F, width, Dc]; Conv wants [F, Dc, width], member after member.
    private static float[] ConvKernel(IReadOnlyList<SentimentNetwork> members)
    {
        var shape = members[0].Shape;
        int filters = shape.Filters, dc = shape.ConvEmbeddingSize, width = SentimentNetwork.KernelWidth;
        var kernel = new float[members.Count * filters * dc * width];
        for (var m = 0; m < members.Count; m++)
            for (var f = 0; f < filters; f++)
                for (var c = 0; c < dc; c++)
                    for (var w = 0; w < width; w++)
                        kernel[((m * filters + f) * dc + c) * width + w] = members[m].ConvWeights[(f * width + w) * dc + c];
        return kernel;
    }

    // The pooled vector is [unigram means, bigram means, trigram means, filters], each of those member
    // after member, so a member's hidden rows are spread over four stripes of the fused matrix.
    private static float[] HiddenBlocks(IReadOnlyList<SentimentNetwork> members)
    {
        var shape = members[0].Shape;
        int k = members.Count, d = shape.EmbeddingSize, hs = shape.HiddenSize;
        var weights = new float[k * shape.PooledSize * k * hs];
        for (var m = 0; m < k; m++)
            for (var i = 0; i < shape.PooledSize; i++)
            {
                var row = i < 3 * d ? (i / d) * k * d + m * d + i % d : 3 * k * d + m * shape.Filters + (i - 3 * d);
                for (var j = 0; j < hs; j++) weights[row * k * hs + m * hs + j] = members[m].HiddenWeights[i * hs + j];
            }
        return weights;
    }

    private static float[] Blocks(IReadOnlyList<SentimentNetwork> members, Func<SentimentNetwork, float[]> matrix, int rows, int columns)
    {
        var k = members.Count;
        var blocks = new float[k * rows * k * columns];
        for (var m = 0; m < k; m++)
        {
            var values = matrix(members[m]);
            for (var i = 0; i < rows; i++)
                for (var j = 0; j < columns; j++)
                    blocks[(m * rows + i) * k * columns + m * columns + j] = values[i * columns + j];
        }
        return blocks;
    }
}
