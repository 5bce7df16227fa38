namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// What speech recognition does to a clean line: stutters and repeated words, words cut off when
/// the speaker was interrupted, dropped spaces. Applied to a minority of utterances, as in real
/// transcripts, so the stage-1 parser and the features meet them without drowning in them.
/// </summary>
internal static class SpeechNoise
{
    public static string Apply(string text, Dice dice, double rate)
    {
        if (!dice.Chance(rate)) return text;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count == 0) return text;
        switch (dice.Between(0, 3))
        {
            case 0: Stutter(words, dice); break;
            case 1: RepeatWord(words, dice); break;
            case 2: CutOffEnd(words, dice); break;
            default: DropSpace(words, dice); break;
        }
        return string.Join(' ', words);
    }

    // "분실" → "분, 분실": the speaker restarts a word.
    private static void Stutter(List<string> words, Dice dice)
    {
        var i = dice.Between(0, words.Count - 1);
        if (words[i].Length < 2 || words[i].Contains('▲')) return;
        words[i] = $"{words[i][..1]}, {words[i]}";
    }

    private static void RepeatWord(List<string> words, Dice dice)
    {
        var i = dice.Between(0, Math.Min(2, words.Count - 1));
        words.Insert(i, words[i]);
    }

    // The line ends mid-word, as when the other side talks over it.
    private static void CutOffEnd(List<string> words, Dice dice)
    {
        var last = words[^1].TrimEnd('.', '?', '!', '~');
        if (words.Count < 3 || last.Length < 3 || last.Contains('▲')) return;
        words[^1] = last[..dice.Between(1, last.Length - 2)];
    }

    private static void DropSpace(List<string> words, Dice dice)
    {
        if (words.Count < 2) return;
        var i = dice.Between(0, words.Count - 2);
        words[i] += words[i + 1];
        words.RemoveAt(i + 1);
    }
}
