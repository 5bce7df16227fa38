using System.Text.RegularExpressions;

namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>The normal form of an utterance's text: one mask token, single spaces.</summary>
public static partial class UtteranceText
{
    /// <summary>What every masked span becomes, whatever the corpus masked it with.</summary>
    public const string MaskToken = "▲▲▲";

    /// <summary>Masks become <see cref="MaskToken"/>; whitespace runs become one space; the ends are trimmed.</summary>
    public static string Normalize(string text)
    {
        var masked = MaskedSpan().Replace(text, MaskToken);
        return Whitespace().Replace(masked, " ").Trim();
    }

    // Corpora mask names and numbers with ▲ or ○ runs of any length (a single ○ in "김○수" is a mask too).
    // Stars count only from two on: a lone "*" is the phone key a counselor tells the customer to press.
    [GeneratedRegex(@"(?:[▲○]|[*＊]{2,})+", RegexOptions.CultureInvariant)]
    private static partial Regex MaskedSpan();

    // Zero-width spaces and stray BOMs come with exported transcripts and would split tokens invisibly.
    [GeneratedRegex(@"[\s\u200B\uFEFF]+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
