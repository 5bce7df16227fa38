namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>The four `상담 결과` labels, spelled exactly as the training data and the model spell them.</summary>
public static class OutcomeLabel
{
    public const string Unsolvable = "해결 불가";
    public const string Satisfied = "만족";
    public const string Insufficient = "미흡";
    public const string FollowUp = "추가 상담 필요";

    public static IReadOnlyList<string> All { get; } = [Unsolvable, Satisfied, Insufficient, FollowUp];
}
