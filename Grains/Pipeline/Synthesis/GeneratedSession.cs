namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// One synthetic counseling call: the categories and label it was generated for, and its transcript
/// in the `consulting_content` form (one "speaker: text" line per utterance).
/// </summary>
public sealed record GeneratedSession(
    string SessionId,
    string Domain,
    string Topic,
    string Content,
    string Outcome,
    string ConsultingContent);
