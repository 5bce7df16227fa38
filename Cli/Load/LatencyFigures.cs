namespace Counseling.Cli.Load;

/// <summary>Percentiles by nearest rank over every sample: a load run keeps at most a few hundred thousand.</summary>
public sealed record LatencyFigures(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencyFigures Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) return new LatencyFigures(0, 0, 0, 0, 0, 0);
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyFigures(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1], sorted.Average());
    }
}
