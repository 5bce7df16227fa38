namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// The generator's only source of randomness. Everything draws from one seeded <see cref="Random"/>
/// in a fixed order, which is what makes a seed reproduce byte-identical output.
/// </summary>
internal sealed class Dice(int seed)
{
    private readonly Random _random = new(seed);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>Inclusive on both ends, because lengths and counts read that way in the phrase tables.</summary>
    public int Between(int min, int max) => _random.Next(min, max + 1);

    public double Unit() => _random.NextDouble();

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks an index by weight; weights need not sum to one.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var roll = _random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            roll -= weights[i];
            if (roll < 0) return i;
        }
        return weights.Count - 1;
    }
}
