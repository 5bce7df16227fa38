namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>One labelled fact about a session, e.g. <c>상담 주제</c> → <c>복지 서비스</c>.</summary>
public sealed record Instruction(string TaskCategory, string Output);
