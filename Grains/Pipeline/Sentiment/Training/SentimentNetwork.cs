using System.Numerics;

namespace Counseling.Grains.Pipeline.Sentiment.Training;

/// <summary>
/// The shipped sentiment classifier. Two views of the WordPiece sequence are concatenated:
/// a bag — mean-pooled embeddings of pieces and of hashed piece bigrams and trigrams — and a
/// convolution of width three over piece embeddings, max-pooled over the sentence, which sees
/// order (negation endings, "안 좋다" against "좋다") that a bag blurs. One ReLU layer and a
/// 5-way output follow. Every step is a standard ONNX operator.
/// This class is the C# forward and backward pass used for training; the served copy is the ONNX export.
/// </summary>
public sealed class SentimentNetwork
{
    public const long BigramMultiplier = 1_000_003;
    public const long TrigramMultiplier = 1_000_033;
    public const int KernelWidth = 3;

    public SentimentNetworkShape Shape { get; }

    // Row-major: Unigrams[V, D], Bigrams[Hb, D], Trigrams[Ht, D], ConvEmbeddings[V, Dc],
    // ConvWeights[F, KernelWidth, Dc], Hidden[Pooled, H], Output[H, C].
    public float[] Unigrams { get; }
    public float[] Bigrams { get; }
    public float[] Trigrams { get; }
    public float[] ConvEmbeddings { get; }
    public float[] ConvWeights { get; }
    public float[] ConvBias { get; }
    public float[] HiddenWeights { get; }
    public float[] HiddenBias { get; }
    public float[] OutputWeights { get; }
    public float[] OutputBias { get; }

    private float _decay;

    public SentimentNetwork(SentimentNetworkShape shape, int seed)
    {
        Shape = shape;
        var random = new Random(seed);
        var d = shape.EmbeddingSize;
        Unigrams = Uniform(random, shape.VocabularySize * d, 1.0f / d);
        Bigrams = Uniform(random, shape.BigramBuckets * d, 1.0f / d);
        Trigrams = Uniform(random, shape.TrigramBuckets * d, 1.0f / d);
        ConvEmbeddings = Uniform(random, shape.VocabularySize * shape.ConvEmbeddingSize, 0.1f);
        var fanIn = KernelWidth * shape.ConvEmbeddingSize;
        ConvWeights = Uniform(random, shape.Filters * fanIn, MathF.Sqrt(6f / (fanIn + shape.Filters)));
        ConvBias = new float[shape.Filters];
        HiddenWeights = Uniform(random, shape.PooledSize * shape.HiddenSize, MathF.Sqrt(6f / (shape.PooledSize + shape.HiddenSize)));
        HiddenBias = new float[shape.HiddenSize];
        OutputWeights = Uniform(random, shape.HiddenSize * shape.Classes, MathF.Sqrt(6f / (shape.HiddenSize + shape.Classes)));
        OutputBias = new float[shape.Classes];
    }

    public static long BigramBucket(long first, long second, int buckets) => (first * BigramMultiplier + second) % buckets;

    public static long TrigramBucket(long first, long second, long third, int buckets) =>
        ((first * BigramMultiplier + second) * TrigramMultiplier + third) % buckets;

    /// <summary>Every weight array, in a fixed order.</summary>
    public IReadOnlyList<float[]> Parameters() =>
        [Unigrams, Bigrams, Trigrams, ConvEmbeddings, ConvWeights, ConvBias, HiddenWeights, HiddenBias, OutputWeights, OutputBias];

    /// <summary>Rounds the embedding tables to half precision, the precision the ONNX file stores them in.</summary>
    public void RoundEmbeddingsToHalf()
    {
        foreach (var table in new[] { Unigrams, Bigrams, Trigrams, ConvEmbeddings })
            for (var i = 0; i < table.Length; i++) table[i] = (float)(Half)table[i];
    }

    /// <summary>Divides the logits by <paramref name="temperature"/> by scaling the output layer, which the export then carries as it is.</summary>
    public void ScaleLogits(float temperature)
    {
        for (var i = 0; i < OutputWeights.Length; i++) OutputWeights[i] /= temperature;
        for (var i = 0; i < OutputBias.Length; i++) OutputBias[i] /= temperature;
    }

    /// <summary>Logits for one encoded sentence (with [CLS] and [SEP], no padding).</summary>
    public float[] Forward(ReadOnlySpan<int> ids)
    {
        var pass = new Pass(Shape);
        Forward(ids, pass);
        return pass.Logits;
    }

    internal void Forward(ReadOnlySpan<int> ids, Pass pass, float dropout = 0, Random? random = null)
    {
        var d = Shape.EmbeddingSize;
        var x = pass.Pooled;
        Array.Clear(x);
        MeanInto(ids, x.AsSpan(0, d), NgramOrder.Unigram);
        MeanInto(ids, x.AsSpan(d, d), NgramOrder.Bigram);
        MeanInto(ids, x.AsSpan(2 * d, d), NgramOrder.Trigram);
        ConvolveInto(ids, x.AsSpan(3 * d, Shape.Filters), pass);
        if (dropout > 0 && random is not null)
        {
            // Inverted dropout on the pooled features, at training only: served logits need no rescaling.
            var keep = 1f / (1f - dropout);
            for (var i = 0; i < x.Length; i++) x[i] = random.NextSingle() < dropout ? 0 : x[i] * keep;
        }

        var h = pass.Hidden;
        var hs = Shape.HiddenSize;
        HiddenBias.CopyTo(h, 0);
        for (var i = 0; i < x.Length; i++)
        {
            var xi = x[i];
            if (xi == 0) continue;
            AddScaled(h, HiddenWeights.AsSpan(i * hs, hs), xi);
        }
        for (var j = 0; j < hs; j++) if (h[j] < 0) h[j] = 0;

        var c = Shape.Classes;
        var logits = pass.Logits;
        OutputBias.CopyTo(logits, 0);
        for (var j = 0; j < hs; j++)
        {
            var hj = h[j];
            if (hj == 0) continue;
            AddScaled(logits, OutputWeights.AsSpan(j * c, c), hj);
        }
    }

    /// <summary>
    /// One step on one example against a target distribution; returns the loss.
    /// Softmax and its gradient are folded: d(cross-entropy)/d(logits) = p − target.
    /// </summary>
    internal float Step(ReadOnlySpan<int> ids, ReadOnlySpan<float> target, Pass pass, Accumulators? acc, float learningRate,
        TrainingTerms terms, Random? random = null)
    {
        Forward(ids, pass, terms.Dropout, random);
        _decay = terms.WeightDecay;
        var c = Shape.Classes;
        var p = pass.Probabilities;
        Sentiment.Softmax.Apply(pass.Logits, p);
        float loss = 0, expected = 0, trueStars = 0;
        var dLogits = pass.OutputGradient;
        for (var k = 0; k < c; k++)
        {
            dLogits[k] = p[k] - target[k];
            if (target[k] > 0) loss -= target[k] * MathF.Log(MathF.Max(p[k], 1e-12f));
            expected += (k + 1) * p[k];
            trueStars += (k + 1) * target[k];
        }
        if (terms.ExpectationWeight > 0)
        {
            // (E − y)² on the expected stars, which MAE and polarity are judged by; dE/dz_k = p_k (k + 1 − E).
            var error = expected - trueStars;
            loss += terms.ExpectationWeight * error * error;
            for (var k = 0; k < c; k++) dLogits[k] += terms.ExpectationWeight * 2 * error * p[k] * (k + 1 - expected);
        }

        var hs = Shape.HiddenSize;
        var h = pass.Hidden;
        var dh = pass.HiddenGradient;
        for (var j = 0; j < hs; j++)
            dh[j] = h[j] <= 0 ? 0 : Dot(OutputWeights.AsSpan(j * c, c), dLogits);
        for (var j = 0; j < hs; j++)
        {
            if (h[j] <= 0) continue;
            for (var k = 0; k < c; k++) Update(OutputWeights, acc?.OutputWeights, j * c + k, h[j] * dLogits[k], learningRate);
        }
        for (var k = 0; k < c; k++) Update(OutputBias, acc?.OutputBias, k, dLogits[k], learningRate);

        var x = pass.Pooled;
        var dx = pass.PooledGradient;
        for (var i = 0; i < x.Length; i++)
        {
            var row = HiddenWeights.AsSpan(i * hs, hs);
            dx[i] = Dot(row, dh);
            var xi = x[i];
            if (xi == 0) continue;
            for (var j = 0; j < hs; j++)
                if (dh[j] != 0) Update(HiddenWeights, acc?.HiddenWeights, i * hs + j, xi * dh[j], learningRate);
        }
        for (var j = 0; j < hs; j++) if (dh[j] != 0) Update(HiddenBias, acc?.HiddenBias, j, dh[j], learningRate);

        var d = Shape.EmbeddingSize;
        Scatter(ids, dx.AsSpan(0, d), NgramOrder.Unigram, acc, learningRate);
        Scatter(ids, dx.AsSpan(d, d), NgramOrder.Bigram, acc, learningRate);
        Scatter(ids, dx.AsSpan(2 * d, d), NgramOrder.Trigram, acc, learningRate);
        BackpropConvolution(ids, dx.AsSpan(3 * d, Shape.Filters), pass, acc, learningRate);
        return loss;
    }

    /// <summary>
    /// Width-three convolution with one zero row on each side ("same" padding), ReLU, then the maximum
    /// over positions. ReLU outputs are never negative, so zeros at padded positions leave the maximum as it is.
    /// </summary>
    private void ConvolveInto(ReadOnlySpan<int> ids, Span<float> into, Pass pass)
    {
        var filters = Shape.Filters;
        if (filters == 0) return;
        var dc = Shape.ConvEmbeddingSize;
        var n = ids.Length;
        var window = KernelWidth * dc;
        var padded = pass.Sequence(n + 2);
        padded.AsSpan(0, dc).Clear();
        padded.AsSpan((n + 1) * dc, dc).Clear();
        for (var t = 0; t < n; t++) ConvEmbeddings.AsSpan(ids[t] * dc, dc).CopyTo(padded.AsSpan((t + 1) * dc, dc));

        var argmax = pass.ConvArgmax;
        for (var f = 0; f < filters; f++)
        {
            var weights = ConvWeights.AsSpan(f * window, window);
            float best = 0;
            var bestAt = -1;
            for (var t = 0; t < n; t++)
            {
                var value = Dot(weights, padded.AsSpan(t * dc, window)) + ConvBias[f];
                if (value > best) { best = value; bestAt = t; }
            }
            into[f] = best;
            argmax[f] = bestAt;
        }
    }

    private void BackpropConvolution(ReadOnlySpan<int> ids, ReadOnlySpan<float> gradient, Pass pass, Accumulators? acc, float learningRate)
    {
        var filters = Shape.Filters;
        if (filters == 0) return;
        var dc = Shape.ConvEmbeddingSize;
        var window = KernelWidth * dc;
        var padded = pass.Sequence(ids.Length + 2);
        var dPadded = pass.SequenceGradient(ids.Length + 2);
        Array.Clear(dPadded, 0, (ids.Length + 2) * dc);
        var touched = false;
        for (var f = 0; f < filters; f++)
        {
            var at = pass.ConvArgmax[f];
            var g = gradient[f];
            if (at < 0 || g == 0) continue;
            touched = true;
            AddScaled(dPadded.AsSpan(at * dc, window), ConvWeights.AsSpan(f * window, window), g);
            var input = padded.AsSpan(at * dc, window);
            for (var i = 0; i < window; i++)
                if (input[i] != 0) Update(ConvWeights, acc?.ConvWeights, f * window + i, g * input[i], learningRate);
            Update(ConvBias, acc?.ConvBias, f, g, learningRate);
        }
        if (!touched) return;
        for (var t = 0; t < ids.Length; t++)
        {
            var offset = ids[t] * dc;
            var dRow = dPadded.AsSpan((t + 1) * dc, dc);
            for (var i = 0; i < dc; i++)
                if (dRow[i] != 0) Update(ConvEmbeddings, acc?.ConvEmbeddings, offset + i, dRow[i], learningRate);
        }
    }

    private void MeanInto(ReadOnlySpan<int> ids, Span<float> into, NgramOrder order)
    {
        var count = ids.Length - (int)order;
        if (count <= 0) return;
        var d = Shape.EmbeddingSize;
        var table = TableOf(order);
        for (var t = 0; t < count; t++) AddScaled(into, table.AsSpan((int)RowOf(ids, t, order) * d, d), 1f);
        var inverse = 1f / count;
        for (var i = 0; i < d; i++) into[i] *= inverse;
    }

    private void Scatter(ReadOnlySpan<int> ids, ReadOnlySpan<float> gradient, NgramOrder order, Accumulators? acc, float learningRate)
    {
        var count = ids.Length - (int)order;
        if (count <= 0) return;
        var d = Shape.EmbeddingSize;
        var table = TableOf(order);
        var squares = acc?.TableOf(order);
        var inverse = 1f / count;
        for (var t = 0; t < count; t++)
        {
            var offset = (int)RowOf(ids, t, order) * d;
            for (var i = 0; i < d; i++) Update(table, squares, offset + i, gradient[i] * inverse, learningRate);
        }
    }

    private long RowOf(ReadOnlySpan<int> ids, int t, NgramOrder order) => order switch
    {
        NgramOrder.Unigram => ids[t],
        NgramOrder.Bigram => BigramBucket(ids[t], ids[t + 1], Shape.BigramBuckets),
        _ => TrigramBucket(ids[t], ids[t + 1], ids[t + 2], Shape.TrigramBuckets),
    };

    private float[] TableOf(NgramOrder order) => order switch
    {
        NgramOrder.Unigram => Unigrams,
        NgramOrder.Bigram => Bigrams,
        _ => Trigrams,
    };

    // AdaGrad with accumulators, plain SGD without; L2 on the weights this example touched, so rare
    // n-grams are pulled back towards zero each time they fire.
    private void Update(float[] weights, float[]? squares, int index, float gradient, float learningRate)
    {
        gradient += _decay * weights[index];
        if (squares is null)
        {
            weights[index] -= learningRate * gradient;
            return;
        }
        squares[index] += gradient * gradient;
        weights[index] -= learningRate * gradient / (MathF.Sqrt(squares[index]) + 1e-8f);
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    private static void AddScaled(Span<float> into, ReadOnlySpan<float> values, float scale)
    {
        var i = 0;
        var s = new Vector<float>(scale);
        for (; i <= into.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(into[i..]) + new Vector<float>(values[i..]) * s).CopyTo(into[i..]);
        for (; i < into.Length; i++) into[i] += values[i] * scale;
    }

    private static float[] Uniform(Random random, int count, float bound)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        return values;
    }

    /// <summary>Scratch buffers of one forward/backward pass, reused across examples.</summary>
    internal sealed class Pass(SentimentNetworkShape shape)
    {
        private float[] _sequence = new float[64 * shape.ConvEmbeddingSize];
        private float[] _sequenceGradient = new float[64 * shape.ConvEmbeddingSize];

        public float[] Pooled { get; } = new float[shape.PooledSize];
        public float[] PooledGradient { get; } = new float[shape.PooledSize];
        public float[] Hidden { get; } = new float[shape.HiddenSize];
        public float[] HiddenGradient { get; } = new float[shape.HiddenSize];
        public float[] Logits { get; } = new float[shape.Classes];
        public float[] Probabilities { get; } = new float[shape.Classes];
        public float[] OutputGradient { get; } = new float[shape.Classes];
        public int[] ConvArgmax { get; } = new int[shape.Filters];

        public float[] Sequence(int rows) => Grow(ref _sequence, rows * shape.ConvEmbeddingSize);
        public float[] SequenceGradient(int rows) => Grow(ref _sequenceGradient, rows * shape.ConvEmbeddingSize);

        private static float[] Grow(ref float[] buffer, int size)
        {
            if (buffer.Length < size) Array.Resize(ref buffer, size);
            return buffer;
        }
    }

    /// <summary>AdaGrad's running sums of squared gradients, one per weight.</summary>
    internal sealed class Accumulators(SentimentNetwork network)
    {
        public float[] Unigrams { get; } = new float[network.Unigrams.Length];
        public float[] Bigrams { get; } = new float[network.Bigrams.Length];
        public float[] Trigrams { get; } = new float[network.Trigrams.Length];
        public float[] ConvEmbeddings { get; } = new float[network.ConvEmbeddings.Length];
        public float[] ConvWeights { get; } = new float[network.ConvWeights.Length];
        public float[] ConvBias { get; } = new float[network.ConvBias.Length];
        public float[] HiddenWeights { get; } = new float[network.HiddenWeights.Length];
        public float[] HiddenBias { get; } = new float[network.HiddenBias.Length];
        public float[] OutputWeights { get; } = new float[network.OutputWeights.Length];
        public float[] OutputBias { get; } = new float[network.OutputBias.Length];

        public float[] TableOf(NgramOrder order) => order switch
        {
            NgramOrder.Unigram => Unigrams,
            NgramOrder.Bigram => Bigrams,
            _ => Trigrams,
        };
    }

    internal enum NgramOrder { Unigram = 0, Bigram = 1, Trigram = 2 }

    /// <summary>The regularising terms of a training step.</summary>
    internal readonly record struct TrainingTerms(float Dropout, float WeightDecay, float ExpectationWeight);
}

/// <summary>Sizes of the network; all are written to config.json so the export can be read back.</summary>
public sealed record SentimentNetworkShape(
    int VocabularySize,
    int EmbeddingSize = 64,
    int BigramBuckets = 200_003,
    int TrigramBuckets = 200_003,
    int HiddenSize = 64,
    int ConvEmbeddingSize = 32,
    int Filters = 64,
    int Classes = 5)
{
    /// <summary>Width of the layer the hidden layer reads: three bag means and the pooled filters.</summary>
    public int PooledSize => 3 * EmbeddingSize + Filters;
}
