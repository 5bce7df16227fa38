using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Tests.Shared;

/// <summary>Generated dialogues as the session grain takes them.</summary>
public static class Dialogues
{
    public static SessionSubmission Submission(int seed, int index = 0, int priority = 3)
    {
        var generated = new DialogueGenerator(seed).Generate(index + 1).Last();
        return new SessionSubmission(generated.ConsultingContent,
            [new SubmittedInstruction("상담 주제", generated.Topic), new SubmittedInstruction("상담 내용", generated.Content)],
            new Dictionary<string, string>(), priority);
    }
}
