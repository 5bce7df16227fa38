namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>Sessions that passed stage 1, and why the others did not.</summary>
public sealed record PreprocessBatch(IReadOnlyList<Session> Sessions, IReadOnlyList<PreprocessException> Failures);
