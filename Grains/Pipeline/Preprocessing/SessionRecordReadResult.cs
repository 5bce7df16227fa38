namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>The records that could be read, and where and why the others could not.</summary>
/// <param name="Problems">File (or input name) and reason, e.g. <c>("a.json", "record 2: missing consulting_content")</c>.</param>
public sealed record SessionRecordReadResult(
    IReadOnlyList<SessionRecord> Records,
    IReadOnlyList<(string File, string Reason)> Problems);
