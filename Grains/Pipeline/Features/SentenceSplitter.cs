namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// Cuts an utterance into sentences at '.', '?', '!' and '…' (runs of them count once).
/// Transcripts often lack punctuation; an utterance without any is one sentence.
/// </summary>
public static class SentenceSplitter
{
    public static IReadOnlyList<string> Split(string utterance)
    {
        var sentences = new List<string>();
        var start = 0;
        var i = 0;
        while (i < utterance.Length)
        {
            if (!IsTerminal(utterance[i])) { i++; continue; }
            while (i < utterance.Length && IsTerminal(utterance[i])) i++;
            Add(sentences, utterance.AsSpan(start, i - start));
            start = i;
        }
        Add(sentences, utterance.AsSpan(start));
        return sentences;
    }

    private static bool IsTerminal(char c) => c is '.' or '?' or '!' or '…' or '。' or '？' or '！';

    private static void Add(List<string> sentences, ReadOnlySpan<char> piece)
    {
        var trimmed = piece.Trim();
        // A piece that is only punctuation ("...") is no sentence.
        foreach (var c in trimmed)
            if (!IsTerminal(c)) { sentences.Add(trimmed.ToString()); return; }
    }
}
