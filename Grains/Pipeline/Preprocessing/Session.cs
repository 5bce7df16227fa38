namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>A merged, parsed session: the output of stage 1.</summary>
public sealed record Session(
    string SessionId,
    IReadOnlyList<Utterance> Utterances,
    IReadOnlyList<Instruction> Instructions,
    IReadOnlyDictionary<string, string> Metadata)
{
    public const string TopicCategory = "상담 주제";
    public const string ContentCategoryName = "상담 내용";
    public const string OutcomeCategory = "상담 결과";

    /// <summary>Output of <c>상담 주제</c>; feeds mid_category.</summary>
    public string? Topic => OutputOf(TopicCategory);

    /// <summary>Output of <c>상담 내용</c>; feeds content_category.</summary>
    public string? ContentCategory => OutputOf(ContentCategoryName);

    /// <summary>Output of <c>상담 결과</c>: the training label, absent at prediction.</summary>
    public string? Outcome => OutputOf(OutcomeCategory);

    private string? OutputOf(string category)
    {
        // Files spell the category both "상담 주제" and "상담주제"; compare without spaces so neither is lost.
        var wanted = WithoutSpaces(category);
        foreach (var instruction in Instructions)
            if (WithoutSpaces(instruction.TaskCategory) == wanted) return instruction.Output;
        return null;
    }

    private static string WithoutSpaces(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
