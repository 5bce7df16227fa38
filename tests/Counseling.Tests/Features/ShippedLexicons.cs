using Counseling.Grains.Pipeline.Features;

namespace Counseling.Tests.Features;

/// <summary>The lexicons of models/lexicons/, loaded once for all feature tests.</summary>
public static class ShippedLexicons
{
    private static readonly Lazy<LexiconSet> Shared = new(() => LexiconSet.LoadShipped());

    public static LexiconSet Set => Shared.Value;
}
