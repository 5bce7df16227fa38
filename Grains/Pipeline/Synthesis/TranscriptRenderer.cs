using System.Text;

namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// Turns utterances into `consulting_content`: one tagged line each, roughened by speech noise, and
/// sometimes broken over an untagged line, which stage 1 must read as the same utterance.
/// </summary>
internal sealed class TranscriptRenderer(Dice dice)
{
    private const double CustomerNoise = 0.16;
    private const double CounselorNoise = 0.08;
    private const double ContinuationRate = 0.22;
    // Merged source files sometimes disagree on the tag for the same speaker.
    private const double TagSlipRate = 0.03;

    public string Render(IReadOnlyList<Turn> turns)
    {
        var counselorTag = dice.Chance(0.8) ? "상담사" : "상담원";
        var customerTag = dice.Chance(0.85) ? "고객" : "손님";
        var text = new StringBuilder();
        foreach (var turn in turns)
        {
            var tag = turn.ByCounselor ? counselorTag : customerTag;
            if (dice.Chance(TagSlipRate)) tag = Other(tag);
            var line = SpeechNoise.Apply(turn.Text, dice, turn.ByCounselor ? CounselorNoise : CustomerNoise);
            if (text.Length > 0) text.Append('\n');
            text.Append(tag).Append(": ");
            var sentenceEnd = line.IndexOf(". ", StringComparison.Ordinal);
            if (sentenceEnd > 0 && dice.Chance(ContinuationRate))
                text.Append(line, 0, sentenceEnd + 1).Append('\n').Append(line, sentenceEnd + 2, line.Length - sentenceEnd - 2);
            else
                text.Append(line);
        }
        return text.ToString();
    }

    private static string Other(string tag) => tag switch
    {
        "상담사" => "상담원",
        "상담원" => "상담사",
        "고객" => "손님",
        _ => "고객",
    };
}
