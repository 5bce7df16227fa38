namespace Counseling.Grains.Interfaces;

/// <summary>The five star probabilities of one sentence, as the sentiment model gives them.</summary>
/// <param name="Probabilities">p(1 star) … p(5 stars); they sum to 1.</param>
[GenerateSerializer, Immutable, Alias("counseling.sentiment-score")]
public sealed record SentimentScore([property: Id(0)] float[] Probabilities)
{
    /// <summary>Σ i·pᵢ over i = 1…5: the expected number of stars.</summary>
    public double ExpectedStars
    {
        get
        {
            double sum = 0;
            for (var i = 0; i < Probabilities.Length; i++) sum += (i + 1) * Probabilities[i];
            return sum;
        }
    }
}
