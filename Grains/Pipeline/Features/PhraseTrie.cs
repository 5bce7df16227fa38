namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// Prefix tree over normalised entries, matched leftmost-longest without overlaps: each letter
/// of a text belongs to at most one match, so 죄송합니다 counts once even when 죄송 is also an
/// entry. A trie walk from each letter costs O(text × longest entry); with entries this short that
/// measured about 110k utterances/s for all eleven ratio lexicons on one core (FeatureThroughputTests),
/// far above the stage budget, so Aho–Corasick was not worth its complexity.
/// Exception entries are matched like others but not counted, so a polite form (알았어요)
/// shields the 반말 it starts with (알았어). A gap (○ in a file) stands for 1–4 letters of a name.
/// </summary>
internal sealed class PhraseTrie
{
    public const int MaxGap = 4;

    public enum Kind : byte { None, Counted, Exception }

    private readonly Node _root;

    private PhraseTrie(Node root, int maxSpan)
    {
        _root = root;
        MaxSpan = maxSpan;
    }

    /// <summary>Longest text span an entry can cover (gaps at their widest).</summary>
    public int MaxSpan { get; }

    /// <summary>Builds from entries already normalised, where <paramref name="gap"/> marks a name slot.</summary>
    public static PhraseTrie Build(IEnumerable<(string Entry, Kind Kind)> entries, char gap)
    {
        var root = new Builder();
        var maxSpan = 0;
        foreach (var (entry, kind) in entries)
        {
            var node = root;
            var span = 0;
            foreach (var c in entry)
            {
                if (c == gap)
                {
                    node = node.Gap ??= new Builder();
                    span += MaxGap;
                }
                else
                {
                    node.Children ??= [];
                    if (!node.Children.TryGetValue(c, out var next)) node.Children[c] = next = new Builder();
                    node = next;
                    span++;
                }
            }
            node.Terminal = kind;
            maxSpan = Math.Max(maxSpan, span);
        }
        return new PhraseTrie(root.Freeze(), maxSpan);
    }

    /// <summary>Counted matches in <paramref name="text"/>; with <paramref name="stopAtFirst"/> it answers 0 or 1.</summary>
    public int Count(ReadOnlySpan<char> text, bool stopAtFirst = false)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var (end, kind) = Longest(text, i);
            if (end < 0)
            {
                i++;
                continue;
            }
            if (kind == Kind.Counted)
            {
                count++;
                if (stopAtFirst) return count;
            }
            i = end;
        }
        return count;
    }

    /// <summary>
    /// Whether the text ends with a counted entry. Starts are tried from the earliest possible one,
    /// so a longer exception ending the text wins over a shorter counted entry inside it.
    /// </summary>
    public bool EndsWithCounted(ReadOnlySpan<char> text)
    {
        for (var start = Math.Max(0, text.Length - MaxSpan); start < text.Length; start++)
        {
            var (end, kind) = Longest(text, start);
            if (end == text.Length) return kind == Kind.Counted;
        }
        return false;
    }

    private (int End, Kind Kind) Longest(ReadOnlySpan<char> text, int start)
    {
        var next = _root.Child(text[start]);
        if (next is null) return (-1, Kind.None);
        var best = (End: -1, Kind: Kind.None);
        Walk(next, text, start + 1, ref best);
        return best;
    }

    private static void Walk(Node node, ReadOnlySpan<char> text, int pos, ref (int End, Kind Kind) best)
    {
        while (true)
        {
            if (node.Terminal != Kind.None && pos > best.End) best = (pos, node.Terminal);
            if (node.Gap is { } gap)
            {
                for (var width = 1; width <= MaxGap && pos + width <= text.Length; width++) Walk(gap, text, pos + width, ref best);
            }
            if (pos >= text.Length) return;
            var next = node.Child(text[pos]);
            if (next is null) return;
            node = next;
            pos++;
        }
    }

    private sealed class Node(char[] keys, Node[] children, Node? gap, Kind terminal)
    {
        public Node? Gap { get; } = gap;

        public Kind Terminal { get; } = terminal;

        public Node? Child(char c)
        {
            // Keys are sorted; most nodes have one or two children, where a scan beats a search.
            if (keys.Length <= 4)
            {
                for (var i = 0; i < keys.Length; i++)
                {
                    if (keys[i] == c) return children[i];
                }
                return null;
            }
            var index = Array.BinarySearch(keys, c);
            return index >= 0 ? children[index] : null;
        }
    }

    private sealed class Builder
    {
        public SortedDictionary<char, Builder>? Children { get; set; }

        public Builder? Gap { get; set; }

        public Kind Terminal { get; set; }

        public Node Freeze()
        {
            var keys = Children?.Keys.ToArray() ?? [];
            var children = Children?.Values.Select(b => b.Freeze()).ToArray() ?? [];
            return new Node(keys, children, Gap?.Freeze(), Terminal);
        }
    }
}
