namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// The office, center or branch a call names (<c>rec_place</c>): a token ending with a place suffix
/// once particles are off (광진구청입니다 → 광진구청, 주민센터에서 → 주민센터). A bare suffix takes the
/// word before it as its name (역삼동 주민센터), and the two are written without the space
/// (역삼동주민센터) so the category is the same however ASR spaced it. Masked spans (▲▲▲) are dropped
/// from names. A bare mention later in the call (그 주민센터에서) counts toward the named place it ends.
/// Stateless after construction and safe to share between threads.
/// </summary>
public sealed class PlaceExtractor(Lexicon placeSuffixes, Lexicon stopwords)
{
    public PlaceExtractor(LexiconSet lexicons) : this(lexicons.PlaceSuffixes, lexicons.NounStopwords)
    {
    }

    /// <summary>The most frequent place over a session's texts (ties: the first named), or null.</summary>
    public string? Find(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var mentions = new List<(string Place, bool Bare)>();
        foreach (var text in texts)
        {
            if (!string.IsNullOrEmpty(text)) Collect(text, mentions);
        }
        if (mentions.Count == 0) return null;

        var named = mentions.Where(m => !m.Bare).Select(m => m.Place).Distinct().ToList();
        var tally = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var (place, bare) in mentions)
        {
            var key = bare ? named.FirstOrDefault(n => n.EndsWith(place, StringComparison.Ordinal)) ?? place : place;
            tally[key] = tally.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.First) : (1, tally.Count);
        }
        return tally.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Value.First).First().Key;
    }

    /// <summary>Every place mention in one text, in order, in the written-together form.</summary>
    public IReadOnlyList<string> Mentions(string? text)
    {
        var mentions = new List<(string Place, bool Bare)>();
        if (!string.IsNullOrEmpty(text)) Collect(text, mentions);
        return mentions.Select(m => m.Place).ToList();
    }

    private void Collect(string text, List<(string Place, bool Bare)> mentions)
    {
        string? previous = null;
        foreach (var token in Tokens(text))
        {
            if (token is null)
            {
                // A comma or period between two words means they are not one name.
                previous = null;
                continue;
            }
            var stem = KoreanEojeol.StripParticles(token, out _);
            var suffixLength = SuffixLength(stem);
            if (suffixLength > 0)
            {
                if (suffixLength < stem.Length) mentions.Add((stem.ToString(), false));
                else if (previous is not null && IsName(previous)) mentions.Add((previous + stem.ToString(), false));
                else mentions.Add((stem.ToString(), true));
            }
            previous = token;
        }
    }

    private int SuffixLength(ReadOnlySpan<char> word)
    {
        for (var length = word.Length; length >= 2; length--)
        {
            if (placeSuffixes.IsEntry(word[^length..])) return length;
        }
        return 0;
    }

    // The word before a bare suffix names it when it is a plain noun: no particle (카드를 지점에서 is
    // two things), not a verb or modifier (가까운), not a stopword (저희, 근처).
    private bool IsName(string word)
    {
        if (word.Length < 2 || stopwords.IsEntry(word) || SuffixLength(word) > 0) return false;
        var stem = KoreanEojeol.StripParticles(word, out var stripped);
        if (stripped > 0 || KoreanEojeol.LooksVerbal(word, stem, 0)) return false;
        return KoreanEojeol.LightVerbStart(word) < 0;
    }

    // Words of letters and digits, masks removed; null marks punctuation that ends a phrase.
    private static IEnumerable<string?> Tokens(string text)
    {
        var word = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }
            if (MatchText.IsMaskChar(c)) continue;
            if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
            if (!char.IsWhiteSpace(c)) yield return null;
        }
        if (word.Length > 0) yield return word.ToString();
    }
}
