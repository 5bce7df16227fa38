namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>Logits to probabilities, shifted by the maximum so large logits do not overflow.</summary>
public static class Softmax
{
    public static void Apply(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits) max = MathF.Max(max, l);
        float sum = 0;
        for (var k = 0; k < logits.Length; k++) { probabilities[k] = MathF.Exp(logits[k] - max); sum += probabilities[k]; }
        for (var k = 0; k < logits.Length; k++) probabilities[k] /= sum;
    }
}
