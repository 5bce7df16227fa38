namespace Counseling.Grains.Interfaces;

/// <summary>What Callytics sends for one session, as the session grain takes it.</summary>
[GenerateSerializer, Immutable, Alias("counseling.session-submission")]
public sealed record SessionSubmission(
    [property: Id(0)] string ConsultingContent,
    [property: Id(1)] IReadOnlyList<SubmittedInstruction> Instructions,
    [property: Id(2)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(3)] int Priority = 3,
    [property: Id(4)] string? CallbackUrl = null);

[GenerateSerializer, Immutable, Alias("counseling.submitted-instruction")]
public sealed record SubmittedInstruction([property: Id(0)] string TaskCategory, [property: Id(1)] string Output);
