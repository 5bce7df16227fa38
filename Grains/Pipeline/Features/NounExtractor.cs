namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// Topic nouns of call transcripts without a morphological analyser (there is no KoNLPy for .NET):
/// each eojeol loses its trailing particles and copula (성함이 → 성함, 본인이세요 → 본인), a light-verb
/// form keeps its noun stem (신청했어요 → 신청, 해지하려고 → 해지, 변경됐나요 → 변경), and verb and
/// adjective forms, stopwords, fillers, numbers, masks (▲▲▲) and one-syllable leftovers are dropped.
/// Latin tokens (5G, USIM, KT) are nouns, upper-cased so ASR casing does not split them.
/// Stateless after construction and safe to share between threads.
/// </summary>
public sealed class NounExtractor(Lexicon stopwords)
{
    public NounExtractor(LexiconSet lexicons) : this(lexicons.NounStopwords)
    {
    }

    /// <summary>Nouns in order of appearance, repeats kept.</summary>
    public IReadOnlyList<string> Extract(string? text)
    {
        var nouns = new List<string>();
        if (!string.IsNullOrEmpty(text)) Collect(text, nouns);
        return nouns;
    }

    /// <summary>The most frequent nouns over many texts: count descending, then first appearance.</summary>
    public IReadOnlyList<(string Noun, int Count)> Top(IEnumerable<string> texts, int count = 10)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var tally = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        var nouns = new List<string>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            nouns.Clear();
            Collect(text, nouns);
            foreach (var noun in nouns)
            {
                tally[noun] = tally.TryGetValue(noun, out var seen) ? (seen.Count + 1, seen.First) : (1, tally.Count);
            }
        }
        return tally
            .OrderByDescending(p => p.Value.Count)
            .ThenBy(p => p.Value.First)
            .Take(count)
            .Select(p => (p.Key, p.Value.Count))
            .ToList();
    }

    private void Collect(string text, List<string> nouns)
    {
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (KoreanEojeol.IsSyllable(c))
            {
                var start = i;
                while (i < span.Length && KoreanEojeol.IsSyllable(span[i])) i++;
                if (Analyse(span[start..i]) is { } noun) nouns.Add(noun);
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                var start = i;
                var hasLetter = false;
                while (i < span.Length && char.IsAsciiLetterOrDigit(span[i]))
                {
                    hasLetter |= char.IsAsciiLetter(span[i]);
                    i++;
                }
                var token = span[start..i];
                // Pure numbers are amounts, dates and masked digits; one Latin letter is an ASR fragment.
                if (hasLetter && token.Length >= 2 && !stopwords.IsEntry(token)) nouns.Add(token.ToString().ToUpperInvariant());
            }
            else
            {
                i++;
            }
        }
    }

    private string? Analyse(ReadOnlySpan<char> word)
    {
        if (stopwords.IsEntry(word) || KoreanEojeol.IsWholeParticle(word)) return null;

        ReadOnlySpan<char> noun;
        var verbStart = KoreanEojeol.LightVerbStart(word);
        if (verbStart >= 0)
        {
            // 했어요, 급해요: a verb with no noun of two syllables in front of it.
            if (verbStart < 2) return null;
            noun = KoreanEojeol.StripParticles(word[..verbStart], out var stemStripped);
            if (EndsWithVerbConnective(noun) || KoreanEojeol.LooksVerbal(word[..verbStart], noun, stemStripped)) return null;
        }
        else
        {
            noun = KoreanEojeol.StripParticles(word, out var stripped);
            if (KoreanEojeol.LooksVerbal(word, noun, stripped)) return null;
        }

        if (noun.Length < 2 && !KoreanEojeol.IsSingleSyllableNoun(noun)) return null;
        if (stopwords.IsEntry(noun)) return null;
        return noun.ToString();
    }

    // 찾아|드릴게요, 바꿔|드릴게요: the part before 드리 is a verb in its 아/어 form, not a noun.
    private static bool EndsWithVerbConnective(ReadOnlySpan<char> stem) =>
        stem[^1] is '아' or '어' or '워' or '봐' or '줘' or '써' or '쳐' or '켜' or '져' or '꿔' or '와';
}
