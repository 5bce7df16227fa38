namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>
/// Joins the records of one session. AI-Hub splits a session over several files, one per instruction,
/// that share <c>source_id</c>; the model needs them as one session with every instruction.
/// </summary>
public static class SessionMerger
{
    /// <summary>
    /// Records with the same session key (session_id, else source_id) become one, in order of first appearance:
    /// instructions united without duplicates (same task_category and output), metadata united with the first
    /// value winning, consulting_content from the first record that has any, since they transcribe the same call.
    /// </summary>
    public static IReadOnlyList<SessionRecord> Merge(IEnumerable<SessionRecord> records)
    {
        var sessions = new Dictionary<string, MergedSession>(StringComparer.Ordinal);
        var order = new List<MergedSession>();
        foreach (var record in records)
        {
            if (!sessions.TryGetValue(record.SessionId, out var session))
            {
                session = new MergedSession(record.SessionId);
                sessions.Add(record.SessionId, session);
                order.Add(session);
            }
            session.Add(record);
        }
        return order.Select(s => s.ToRecord()).ToList();
    }

    private sealed class MergedSession(string sessionId)
    {
        private readonly List<Instruction> _instructions = [];
        private readonly HashSet<Instruction> _seen = [];
        private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
        private string _content = "";

        public void Add(SessionRecord record)
        {
            if (string.IsNullOrWhiteSpace(_content) && !string.IsNullOrWhiteSpace(record.ConsultingContent))
                _content = record.ConsultingContent;
            // Instruction is a record of two strings, so set membership is exactly "same category and output".
            foreach (var instruction in record.Instructions)
                if (_seen.Add(instruction)) _instructions.Add(instruction);
            foreach (var (key, value) in record.Metadata)
                _metadata.TryAdd(key, value);
        }

        public SessionRecord ToRecord() => new(sessionId, _content, _instructions, _metadata);
    }
}
