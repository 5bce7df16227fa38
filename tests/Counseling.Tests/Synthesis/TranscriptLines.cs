using System.Text.RegularExpressions;

namespace Counseling.Tests.Synthesis;

/// <summary>Reads generated transcripts the way the tests need them: tagged utterances and word tokens.</summary>
internal static partial class TranscriptLines
{
    public static readonly string[] Tags = ["상담사", "상담원", "고객", "손님"];

    [GeneratedRegex(@"^(상담사|상담원|고객|손님): ")]
    private static partial Regex TaggedLine();

    // Anything that looks like "word: " at the start of a line is a speaker tag, known or not.
    [GeneratedRegex(@"^[^\s:]{1,10}: ")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[\s\p{P}\p{S}]+")]
    private static partial Regex WordBreak();

    public static int UtteranceCount(string content) => content.Split('\n').Count(l => TaggedLine().IsMatch(l));

    public static bool IsTagged(string line) => TaggedLine().IsMatch(line);

    public static bool LooksTagged(string line) => AnyTag().IsMatch(line);

    /// <summary>Utterance texts without their tags; continuation lines are joined to the utterance they continue.</summary>
    public static List<string> Utterances(string content)
    {
        var utterances = new List<string>();
        foreach (var line in content.Split('\n'))
        {
            if (IsTagged(line)) utterances.Add(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
            else if (utterances.Count > 0) utterances[^1] += " " + line;
        }
        return utterances;
    }

    public static HashSet<string> Words(string content) =>
        WordBreak().Split(content).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
}
