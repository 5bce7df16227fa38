using System.Globalization;

namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>Stage 1: merges the records of each session, checks the product's limits, parses the dialogue.</summary>
public sealed class Preprocessor
{
    public const int MaxSessionIdLength = 50;
    public const int MaxContentLength = 10_000;

    /// <summary>One record, taken to be a whole session.</summary>
    /// <exception cref="PreprocessException">The record breaks a limit or has no usable dialogue.</exception>
    public Session Preprocess(SessionRecord record)
    {
        CheckSessionId(record.SessionId);
        var content = record.ConsultingContent;
        if (string.IsNullOrWhiteSpace(content))
            throw new PreprocessException(record.SessionId, "consulting_content is empty");
        if (content.Length > MaxContentLength)
            throw new PreprocessException(record.SessionId,
                $"consulting_content is {Count(content.Length)} characters; the limit is {Count(MaxContentLength)}");

        var utterances = DialogueParser.Parse(content);
        if (utterances.Count == 0)
            throw new PreprocessException(record.SessionId, DialogueParser.HasSpeakerTag(content)
                ? "consulting_content has speaker tags but no text after them"
                : "consulting_content has no speaker-tagged lines (expected 상담사:/상담원: or 고객:/손님: at the start of a line)");

        return new Session(record.SessionId, utterances, record.Instructions, record.Metadata);
    }

    /// <summary>Merges the records into sessions first, then preprocesses each.</summary>
    /// <exception cref="PreprocessException">The first session that cannot be preprocessed.</exception>
    public IReadOnlyList<Session> Preprocess(IEnumerable<SessionRecord> records) =>
        SessionMerger.Merge(records).Select(Preprocess).ToList();

    /// <summary>Like <see cref="Preprocess(IEnumerable{SessionRecord})"/>, but a bad session is set aside, not fatal:
    /// a corpus of thousands should not fail on one broken transcript.</summary>
    public PreprocessBatch PreprocessEach(IEnumerable<SessionRecord> records)
    {
        var sessions = new List<Session>();
        var failures = new List<PreprocessException>();
        foreach (var record in SessionMerger.Merge(records))
        {
            try { sessions.Add(Preprocess(record)); }
            catch (PreprocessException e) { failures.Add(e); }
        }
        return new PreprocessBatch(sessions, failures);
    }

    // The id becomes a grain key, a database key and a URL segment, so it is held to a plain alphabet.
    private static void CheckSessionId(string sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
            throw new PreprocessException("<no session_id>", "session_id is empty");
        if (sessionId.Length > MaxSessionIdLength)
            throw new PreprocessException(Shown(sessionId),
                $"session_id is {sessionId.Length} characters; the limit is {MaxSessionIdLength}");
        var badAt = sessionId.AsSpan().IndexOfAnyExcept(IdCharacters);
        if (badAt >= 0 && sessionId[badAt] is var bad)
            throw new PreprocessException(Shown(sessionId),
                $"session_id has the character '{bad}' (U+{(int)bad:X4}); only letters a–z and A–Z, digits, '-' and '_' are allowed");
    }

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    // A rejected id may be long or hold control characters; show enough to find it, not enough to flood a log.
    private static string Shown(string sessionId)
    {
        var printable = string.Concat(sessionId.Select(c => char.IsControl(c) ? '?' : c));
        return printable.Length <= 60 ? printable : printable[..60] + "…";
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
