using System.Text;
using System.Text.RegularExpressions;

namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>Turns <c>consulting_content</c> into utterances by speaker.</summary>
public static partial class DialogueParser
{
    /// <summary>
    /// Lines tagged <c>상담사:</c>/<c>상담원:</c> are the counselor's, <c>고객:</c>/<c>손님:</c> the customer's;
    /// an untagged line continues the utterance before it. Utterances left empty are dropped.
    /// </summary>
    /// <returns>No utterances when the content has no speaker-tagged line with text.</returns>
    public static IReadOnlyList<Utterance> Parse(string consultingContent)
    {
        var turns = new List<(Speaker Speaker, StringBuilder Text)>();
        var beforeFirstTag = new StringBuilder();
        foreach (var line in Lines(consultingContent))
        {
            var tagged = SpeakerTag().Match(line);
            if (tagged.Success)
            {
                turns.Add((SpeakerOf(tagged.Groups["tag"].Value), new StringBuilder(UtteranceText.Normalize(tagged.Groups["text"].Value))));
                continue;
            }
            var text = UtteranceText.Normalize(line);
            if (text.Length == 0) continue;
            Append(turns.Count == 0 ? beforeFirstTag : turns[^1].Text, text);
        }

        // Transcribers sometimes put the opening words above the first tag; they belong to the first turn,
        // and dropping them would lose speech. Without any tag there is no dialogue to attach them to.
        if (turns.Count > 0 && beforeFirstTag.Length > 0)
            turns[0].Text.Insert(0, turns[0].Text.Length == 0 ? beforeFirstTag.ToString() : beforeFirstTag + " ");

        return turns
            .Where(t => t.Text.Length > 0)
            .Select(t => new Utterance(t.Speaker, t.Text.ToString()))
            .ToList();
    }

    /// <summary>Whether any line of the content carries a speaker tag, text or not.</summary>
    public static bool HasSpeakerTag(string consultingContent) => Lines(consultingContent).Any(l => SpeakerTag().IsMatch(l));

    private static void Append(StringBuilder utterance, string text)
    {
        if (utterance.Length > 0) utterance.Append(' ');
        utterance.Append(text);
    }

    private static Speaker SpeakerOf(string tag) => tag is "상담사" or "상담원" ? Speaker.Counselor : Speaker.Customer;

    // \r\n from Windows exports, a lone \r from old Mac ones, \n everywhere else.
    private static IEnumerable<string> Lines(string content) => content.Split(["\r\n", "\r", "\n"], StringSplitOptions.None);

    // An optional turn number ("12." / "3)"), then either a bracketed tag ("[상담사]", colon optional)
    // or a bare tag with an ASCII or full-width colon. The colon is required on a bare tag so that a
    // continuation line starting with "고객님 …" is not taken for a customer turn.
    [GeneratedRegex(
        @"^\s*(?:\d+\s*[.):]?\s*)?(?:[\[(【<]\s*(?<tag>상담사|상담원|고객|손님)\s*[\])】>]\s*[:：]?|(?<tag>상담사|상담원|고객|손님)\s*[:：])(?<text>.*)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerTag();
}
