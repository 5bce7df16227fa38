namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>One input record as Callytics / AI-Hub style files hold it.</summary>
/// <param name="SessionId"><c>session_id</c>, or <c>source_id</c> when the record has no session_id.</param>
/// <param name="ConsultingContent">The raw transcript, speaker-tagged lines.</param>
/// <param name="Instructions">Both input shapes (nested under <c>data</c> and flat) end up here, flat.</param>
/// <param name="Metadata">Every other scalar top-level field, as a string.</param>
public sealed record SessionRecord(
    string SessionId,
    string ConsultingContent,
    IReadOnlyList<Instruction> Instructions,
    IReadOnlyDictionary<string, string> Metadata);
