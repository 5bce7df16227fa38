using System.Globalization;
using System.Text;

namespace Counseling.Grains.Pipeline.Sentiment.Training;

/// <summary>
/// Learns a WordPiece vocabulary the way Hugging Face's WordPiece trainer does: byte-pair merges over
/// the corpus' words, with every piece after the first of a word written as "##piece".
/// The result depends only on the corpus and the size, never on hash order, so the same data
/// gives the same vocab.txt.
/// </summary>
public static class WordPieceVocabularyBuilder
{
    public static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    public static IReadOnlyList<string> Build(IEnumerable<string> texts, int vocabularySize, int minFrequency = 2)
    {
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var word in PreTokenize(text))
                wordCounts[word] = wordCounts.GetValueOrDefault(word) + 1;

        var symbols = new List<string>();
        var symbolIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var symbolFrequency = new List<long>();
        int SymbolOf(string piece)
        {
            if (!symbolIds.TryGetValue(piece, out var id))
            {
                id = symbols.Count;
                symbols.Add(piece);
                symbolIds.Add(piece, id);
                symbolFrequency.Add(0);
            }
            return id;
        }

        var orderedWords = wordCounts.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var words = new List<List<int>>(orderedWords.Length);
        var counts = new List<int>(orderedWords.Length);
        foreach (var (word, count) in orderedWords)
        {
            var pieces = new List<int>();
            var first = true;
            foreach (var rune in word.EnumerateRunes())
            {
                var id = SymbolOf(first ? rune.ToString() : "##" + rune);
                symbolFrequency[id] += count;
                pieces.Add(id);
                first = false;
            }
            words.Add(pieces);
            counts.Add(count);
        }

        // Characters rarer than minFrequency stay out; words holding one become [UNK] at tokenization.
        var alphabet = Enumerable.Range(0, symbols.Count)
            .Where(i => symbolFrequency[i] >= minFrequency)
            .OrderByDescending(i => symbolFrequency[i]).ThenBy(i => symbols[i], StringComparer.Ordinal)
            .ToArray();
        var inAlphabet = new HashSet<int>(alphabet);
        var vocabulary = new List<string>(SpecialTokens);
        vocabulary.AddRange(alphabet.Select(i => symbols[i]));
        var known = new HashSet<string>(vocabulary, StringComparer.Ordinal);

        var usable = Enumerable.Range(0, words.Count).Where(w => words[w].All(inAlphabet.Contains)).ToArray();
        var pairCounts = new Dictionary<long, long>();
        var pairWords = new Dictionary<long, SortedSet<int>>();
        var queue = new PriorityQueue<long, (long NegativeCount, long Key)>();

        void Count(int w, int sign)
        {
            var pieces = words[w];
            for (var i = 0; i + 1 < pieces.Count; i++)
            {
                var key = ((long)pieces[i] << 32) | (uint)pieces[i + 1];
                var updated = pairCounts.GetValueOrDefault(key) + sign * counts[w];
                pairCounts[key] = updated;
                if (sign > 0)
                {
                    if (!pairWords.TryGetValue(key, out var set)) pairWords[key] = set = [];
                    set.Add(w);
                }
                if (updated > 0) queue.Enqueue(key, (-updated, key));
            }
        }

        foreach (var w in usable) Count(w, +1);

        while (vocabulary.Count < vocabularySize && queue.TryDequeue(out var best, out var priority))
        {
            if (pairCounts.GetValueOrDefault(best) != -priority.NegativeCount) continue;
            if (-priority.NegativeCount < minFrequency) break;
            var a = (int)(best >> 32);
            var b = (int)(uint)best;
            var merged = SymbolOf(symbols[a] + (symbols[b].StartsWith("##", StringComparison.Ordinal) ? symbols[b][2..] : symbols[b]));
            foreach (var w in pairWords[best].ToArray())
            {
                Count(w, -1);
                var pieces = words[w];
                for (var i = 0; i + 1 < pieces.Count; i++)
                {
                    if (pieces[i] != a || pieces[i + 1] != b) continue;
                    pieces[i] = merged;
                    pieces.RemoveAt(i + 1);
                }
                Count(w, +1);
            }
            pairCounts.Remove(best);
            pairWords.Remove(best);
            if (known.Add(symbols[merged])) vocabulary.Add(symbols[merged]);
        }
        return vocabulary;
    }

    /// <summary>
    /// Splits text into the words BERT's basic tokenizer would give WordPiece (whitespace, then
    /// punctuation as words of their own), without case or accent changes: the shipped model is cased.
    /// </summary>
    public static IEnumerable<string> PreTokenize(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || rune.Value == 0xFFFD)
            {
                if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
            }
            else if (IsPunctuation(rune))
            {
                if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
                yield return rune.ToString();
            }
            else
            {
                word.Append(rune.ToString());
            }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    // BERT treats every non-alphanumeric ASCII character as punctuation, and Unicode P* beyond that.
    private static bool IsPunctuation(Rune rune)
    {
        var c = rune.Value;
        if (c is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }
}
