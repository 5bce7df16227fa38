using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>Generated sessions of about one length, unlabelled, for the benchmarks.</summary>
public static class BenchmarkDialogues
{
    public const int Seed = 90_001;

    /// <summary><paramref name="count"/> sessions whose utterance count is within 10 % of <paramref name="turns"/>.</summary>
    public static IReadOnlyList<SessionRecord> Records(int count, int turns)
    {
        var tolerance = Math.Max(1, turns / 10);
        var kept = new List<SessionRecord>(count);
        foreach (var generated in new DialogueGenerator(Seed).Generate(int.MaxValue))
        {
            var utterances = DialogueParser.Parse(generated.ConsultingContent).Count;
            if (Math.Abs(utterances - turns) > tolerance) continue;
            kept.Add(new SessionRecord(generated.SessionId, generated.ConsultingContent,
                [new Instruction("상담 주제", generated.Topic), new Instruction("상담 내용", generated.Content)],
                new Dictionary<string, string>()));
            if (kept.Count == count) break;
        }
        return kept;
    }
}
