namespace Counseling.Api.Operations;

/// <summary>Nearest-rank percentiles of a sample: always a value that was measured.</summary>
internal static class Percentiles
{
    public static double Of(double[] sorted, double percentile)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
