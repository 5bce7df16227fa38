using System.Text;

namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// A named list of phrases from one file of <c>models/lexicons/</c>: UTF-8, one entry a line,
/// <c>#</c> comments and blank lines ignored, <c>!</c> marks an exception (matched but not counted),
/// <c>○</c> marks a name slot of 1–4 letters. Matching works on <see cref="MatchText"/>, so spaces and
/// punctuation in either the text or the entry never matter. Immutable and safe to share.
/// </summary>
public sealed class Lexicon
{
    private const char Gap = '\u0001';
    private const char NameSlot = '○';
    private const char ExceptionMark = '!';

    private readonly PhraseTrie _trie;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _words;

    private Lexicon(string name, IReadOnlyList<string> entries, PhraseTrie trie, HashSet<string> words)
    {
        Name = name;
        Entries = entries;
        _trie = trie;
        _words = words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    /// <summary>The counted entries as written in the file (exceptions left out).</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>Reads a lexicon file; its name is the file name without extension.</summary>
    public static Lexicon Load(string path)
    {
        if (!File.Exists(path)) throw new LexiconException($"Lexicon file not found: {path}");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LexiconException($"Lexicon file cannot be read: {path}: {e.Message}", e);
        }
        return Parse(Path.GetFileNameWithoutExtension(path), lines, path);
    }

    /// <summary>Builds a lexicon from lines in the file format; <paramref name="source"/> names them in errors.</summary>
    public static Lexicon Parse(string name, IEnumerable<string> lines, string? source = null)
    {
        source ??= name;
        var entries = new List<string>();
        var kinds = new Dictionary<string, PhraseTrie.Kind>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] == '#') continue;
            var kind = PhraseTrie.Kind.Counted;
            if (line[0] == ExceptionMark)
            {
                kind = PhraseTrie.Kind.Exception;
                line = line[1..];
            }
            var key = Normalize(line);
            if (key.Length == 0 || key.All(c => c == Gap))
                throw new LexiconException($"{source}:{lineNumber}: entry '{raw.Trim()}' has no letters to match");
            if (key[0] == Gap)
                throw new LexiconException($"{source}:{lineNumber}: entry '{raw.Trim()}' starts with a name slot; start it with a fixed letter");
            if (kinds.TryGetValue(key, out var earlier))
            {
                if (earlier != kind)
                    throw new LexiconException($"{source}:{lineNumber}: entry '{raw.Trim()}' is both counted and an exception");
                continue;
            }
            kinds[key] = kind;
            if (kind == PhraseTrie.Kind.Counted) entries.Add(line);
        }

        var trie = PhraseTrie.Build(kinds.Select(p => (p.Key, p.Value)), Gap);
        // Whole-word lookups (stopwords, place suffixes) compare normalised words, Latin in any case.
        var words = new HashSet<string>(
            kinds.Where(p => p.Value == PhraseTrie.Kind.Counted && !p.Key.Contains(Gap)).Select(p => p.Key),
            StringComparer.OrdinalIgnoreCase);
        return new Lexicon(name, entries, trie, words);
    }

    /// <summary>Number of entry occurrences, leftmost-longest and non-overlapping.</summary>
    public int Count(MatchText text) => _trie.Count(text.Value.AsSpan());

    public int Count(string? text) => Count(MatchText.Of(text));

    public bool ContainsAny(MatchText text) => _trie.Count(text.Value.AsSpan(), stopAtFirst: true) > 0;

    public bool ContainsAny(string? text) => ContainsAny(MatchText.Of(text));

    /// <summary>Whether the text ends with an entry: the test for sentence endings such as 습니다 or 세요.</summary>
    public bool EndsWithAny(MatchText text) => _trie.EndsWithCounted(text.Value.AsSpan());

    public bool EndsWithAny(string? text) => EndsWithAny(MatchText.Of(text));

    /// <summary>Whether a whole word (already free of spaces and punctuation) is an entry.</summary>
    public bool IsEntry(ReadOnlySpan<char> word) => _words.Contains(word);

    public override string ToString() => $"{Name} ({Entries.Count} entries)";

    private static string Normalize(string entry)
    {
        if (!entry.Contains(NameSlot)) return MatchText.Of(entry).Value;
        var parts = entry.Split(NameSlot);
        var builder = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0 && (builder.Length == 0 || builder[^1] != Gap)) builder.Append(Gap);
            builder.Append(MatchText.Of(parts[i]).Value);
        }
        return builder.ToString();
    }
}
