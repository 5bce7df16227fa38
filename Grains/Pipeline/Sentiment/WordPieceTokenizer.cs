using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>
/// BERT WordPiece tokenizer that gives the ids of Hugging Face's BertTokenizer (BasicTokenizer, then
/// greedy longest-match-first WordPiece) over Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>.
/// One instance is safe to share between threads.
/// </summary>
/// <remarks>
/// The basic step (cleanup, lower-casing, accent stripping, punctuation and CJK splitting) is done here and
/// the library gets only pre-split words, because its own basic step gives other ids than Hugging Face:
/// it recomposes Hangul to syllables (NFC) after stripping accents, deletes \t \n \r instead of splitting
/// on them, drops symbols ($, emoji, ²) and spacing marks, keeps '_' inside words, splits at format
/// characters instead of deleting them, misses U+3400, lower-cases only Lu, and when asked for a token
/// budget drops whole words instead of cutting the token list.
/// </remarks>
public sealed class WordPieceTokenizer
{
    private const string VocabularyFileName = "vocab.txt";
    private const string ConfigFileName = "tokenizer_config.json";

    private const string Unknown = "[UNK]";
    private const string Separator = "[SEP]";
    private const string Padding = "[PAD]";
    private const string Classification = "[CLS]";
    private const string Masking = "[MASK]";

    // Hugging Face's max_input_chars_per_word, counted in code points.
    private const int MaxCodePointsPerWord = 100;

    // Buffers kept per thread above this size would pin memory for one odd input.
    private const int MaxRetainedBuffer = 1 << 16;

    private static readonly string[] SpecialTokens = [Unknown, Separator, Padding, Classification, Masking];

    [ThreadStatic] private static char[]? t_words;
    [ThreadStatic] private static char[]? t_run;
    [ThreadStatic] private static char[]? t_decomposed;

    private readonly BertTokenizer _bert;
    private readonly string[] _tokens;
    private readonly bool _lowerCase;
    private readonly bool _stripAccents;
    private readonly bool _splitCjk;

    private WordPieceTokenizer(BertTokenizer bert, string[] tokens, TokenizerSettings settings)
    {
        _bert = bert;
        _tokens = tokens;
        Settings = settings;
        _lowerCase = settings.DoLowerCase;
        _stripAccents = settings.EffectiveStripAccents;
        _splitCjk = settings.TokenizeChineseChars;
    }

    public TokenizerSettings Settings { get; }

    /// <summary>Longest sequence <see cref="Encode"/> returns, [CLS] and [SEP] included.</summary>
    public int MaxLength => Settings.ModelMaxLength;

    /// <summary>Number of ids: one more than the highest id (the line count of vocab.txt).</summary>
    public int VocabularySize => _tokens.Length;

    public int PadId => _bert.PaddingTokenId;
    public int ClsId => _bert.ClassificationTokenId;
    public int SepId => _bert.SeparatorTokenId;
    public int UnkId => _bert.UnknownTokenId;

    /// <summary>
    /// Reads vocab.txt and, when present, tokenizer_config.json of a model folder; without the config
    /// the reference BERT defaults apply (lower-casing, so accent stripping too).
    /// </summary>
    /// <exception cref="SentimentModelException">vocab.txt is missing or corrupt, or the config is corrupt.</exception>
    public static WordPieceTokenizer Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var configPath = Path.Combine(modelDirectory, ConfigFileName);
        var settings = File.Exists(configPath) ? TokenizerSettings.Load(configPath) : new TokenizerSettings();
        return Create(Path.Combine(modelDirectory, VocabularyFileName), settings);
    }

    /// <exception cref="SentimentModelException">The vocabulary file is missing or corrupt.</exception>
    public static WordPieceTokenizer Create(string vocabPath, TokenizerSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(vocabPath);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ModelMaxLength, 2, nameof(settings));

        var tokens = ReadVocabulary(vocabPath);
        var options = new BertOptions
        {
            // Basic tokenization is ours (see the class remarks); the library only splits on our spaces.
            ApplyBasicTokenization = false,
            LowerCaseBeforeTokenization = false,
            RemoveNonSpacingMarks = false,
            IndividuallyTokenizeCjk = false,
            SplitOnSpecialTokens = false,
            // Its limit counts UTF-16 units; ours (code points) is applied before, so this one never bites.
            MaxInputCharsPerWord = 2 * MaxCodePointsPerWord,
            ContinuingSubwordPrefix = "##",
            UnknownToken = Unknown,
            SeparatorToken = Separator,
            PaddingToken = Padding,
            ClassificationToken = Classification,
            MaskingToken = Masking,
        };

        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', tokens)));
            return new WordPieceTokenizer(BertTokenizer.Create(stream, options), tokens, settings);
        }
        catch (ArgumentException e)
        {
            throw new SentimentModelException($"Vocabulary {vocabPath} is not a BERT vocabulary ({e.Message})", e);
        }
    }

    /// <summary>
    /// Ids of [CLS], the WordPiece tokens and [SEP], cut to <see cref="MaxLength"/> with [SEP] kept last.
    /// Empty or blank text gives [CLS][SEP].
    /// </summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var budget = MaxLength - 2;
        // Every word gives at least one token, so later words could only be cut off.
        var words = SplitWords(text, maxWords: budget);
        if (words.IsEmpty) return [ClsId, SepId];

        // A word gives at most MaxCodePointsPerWord pieces, so the library stops (it drops the whole word
        // that overflows) only once at least `budget` tokens are in.
        var pieces = _bert.EncodeToIds(words, budget + MaxCodePointsPerWord, addSpecialTokens: false,
            out _, out _, considerPreTokenization: true, considerNormalization: false);
        var count = Math.Min(pieces.Count, budget);
        var ids = new int[count + 2];
        ids[0] = ClsId;
        if (pieces is List<int> list) CollectionsMarshal.AsSpan(list)[..count].CopyTo(ids.AsSpan(1));
        else for (var i = 0; i < count; i++) ids[i + 1] = pieces[i];
        ids[^1] = SepId;
        return ids;
    }

    /// <summary>The WordPiece tokens of the whole text, without [CLS], [SEP] or truncation.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = SplitWords(text, maxWords: int.MaxValue);
        if (words.IsEmpty) return [];
        var pieces = _bert.EncodeToIds(words, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: false);
        var tokens = new string[pieces.Count];
        for (var i = 0; i < tokens.Length; i++) tokens[i] = _tokens[pieces[i]];
        return tokens;
    }

    /// <summary>Encodes every text and pads to the longest of this batch (not to <see cref="MaxLength"/>).</summary>
    public EncodedBatch EncodeBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var rows = new int[texts.Count][];
        for (var r = 0; r < rows.Length; r++) rows[r] = Encode(texts[r]);
        return Pad(rows);
    }

    /// <summary>Already-encoded sentences as one batch, padded with [PAD] (mask 0) to the longest of them.</summary>
    public EncodedBatch Pad(IReadOnlyList<int[]> rows)
    {
        var length = 0;
        foreach (var row in rows) length = Math.Max(length, row.Length);
        var inputIds = new long[rows.Count * length];
        var attentionMask = new long[rows.Count * length];
        if (PadId != 0) Array.Fill(inputIds, PadId);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var offset = r * length;
            for (var t = 0; t < row.Length; t++) inputIds[offset + t] = row[t];
            attentionMask.AsSpan(offset, row.Length).Fill(1);
        }
        return new EncodedBatch(inputIds, attentionMask, new long[rows.Count * length], rows.Count, length);
    }

    private static string[] ReadVocabulary(string path)
    {
        string[] lines;
        try
        {
            // Strict UTF-8: Hugging Face refuses a vocabulary that does not decode.
            lines = File.ReadAllLines(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SentimentModelException($"Vocabulary not found: {path}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new SentimentModelException($"Vocabulary is not valid UTF-8: {path}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SentimentModelException($"Vocabulary could not be read: {path} ({e.Message})", e);
        }

        // Hugging Face gives a repeated token the id of its last line; the library refuses repeats, so earlier
        // lines are blanked, which it skips while keeping the line numbering (= ids).
        var lastLine = new Dictionary<string, int>(lines.Length, StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Length != 0) lastLine[lines[i]] = i;
        if (lastLine.Count == 0) throw new SentimentModelException($"Vocabulary is empty: {path}");
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Length != 0 && lastLine[lines[i]] != i) lines[i] = "";

        foreach (var special in SpecialTokens)
            if (!lastLine.ContainsKey(special))
                throw new SentimentModelException($"Vocabulary {path} lacks the special token {special}.");
        return lines;
    }

    /// <summary>
    /// Hugging Face's BasicTokenizer: the words of the text, single-space separated, in a per-thread buffer.
    /// Words over <see cref="MaxCodePointsPerWord"/> code points are already replaced by [UNK].
    /// </summary>
    private ReadOnlySpan<char> SplitWords(string text, int maxWords)
    {
        var words = new WordWriter(t_words ??= new char[256], maxWords);
        var i = 0;
        while (i < text.Length && !words.Full)
        {
            var c = text[i];
            if (c < 0x80)
            {
                // Hugging Face splits its special tokens out of the raw text before anything else.
                if (c == '[' && MatchSpecialToken(text, i) is { } special)
                {
                    words.AddWord(special);
                    i += special.Length;
                }
                else
                {
                    AddAscii(ref words, c);
                    i++;
                }
                continue;
            }

            if (_stripAccents && c >= 0xC0)
            {
                if (c is >= HangulFirst and <= HangulLast)
                {
                    AddHangulJamo(ref words, c);
                    i++;
                }
                else
                {
                    i = AddDecomposedRun(ref words, text, i);
                }
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                Add(ref words, char.ConvertToUtf32(c, text[i + 1]));
                i += 2;
            }
            else
            {
                Add(ref words, c);
                i++;
            }
        }

        words.EndWord();
        if (words.Buffer.Length <= MaxRetainedBuffer) t_words = words.Buffer;
        return words.Text;
    }

    private static string? MatchSpecialToken(string text, int start)
    {
        var rest = text.AsSpan(start);
        foreach (var special in SpecialTokens)
            if (rest.StartsWith(special, StringComparison.Ordinal)) return special;
        return null;
    }

    private void AddAscii(ref WordWriter words, char c)
    {
        if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) words.Append(c);
        else if (char.IsAsciiLetterUpper(c)) words.Append(_lowerCase ? (char)(c | 0x20) : c);
        else if (c is ' ' or '\t' or '\n' or '\r') words.EndWord();
        else if (c < 0x20 || c == 0x7F) { } // control characters, \0 included, are deleted
        else words.AddWord(c); // every other printable ASCII character is punctuation to BERT
    }

    /// <summary>One code point after NFD (when stripping accents).</summary>
    private void Add(ref WordWriter words, int codePoint)
    {
        if (codePoint < 0x80)
        {
            AddAscii(ref words, (char)codePoint);
            return;
        }

        var category = Category(codePoint);
        if (IsDeleted(codePoint, category)) return;
        if (category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
        {
            words.EndWord();
            return;
        }
        if (_stripAccents && category == UnicodeCategory.NonSpacingMark) return;

        if (_lowerCase)
        {
            // Python's lower() maps İ to two code points; .NET's invariant casing leaves it.
            if (codePoint == 0x130)
            {
                words.Append('i');
                words.Append('\u0307');
                return;
            }
            codePoint = codePoint < 0x10000
                ? char.ToLowerInvariant((char)codePoint)
                : Rune.ToLowerInvariant(new Rune(codePoint)).Value;
        }

        if (category is >= UnicodeCategory.ConnectorPunctuation and <= UnicodeCategory.OtherPunctuation
            || _splitCjk && IsCjk(codePoint))
            words.AddWord(codePoint);
        else
            words.Append(codePoint);
    }

    private const char HangulFirst = '\uAC00';
    private const char HangulLast = '\uD7A3';

    /// <summary>The NFD of a Hangul syllable, computed (Unicode 3.12) rather than through ICU.</summary>
    private static void AddHangulJamo(ref WordWriter words, char syllable)
    {
        const int vowels = 21, finals = 28;
        var index = syllable - HangulFirst;
        words.Append((char)(0x1100 + index / (vowels * finals)));
        words.Append((char)(0x1161 + index % (vowels * finals) / finals));
        if (index % finals != 0) words.Append((char)(0x11A7 + index % finals));
    }

    /// <summary>
    /// NFD of the run of characters from <paramref name="start"/> that are neither ASCII, Latin-1 below U+00C0
    /// nor Hangul syllables. Those end the run safely: they are starters, so NFD never reorders across them.
    /// </summary>
    /// <returns>The index after the run.</returns>
    private int AddDecomposedRun(ref WordWriter words, string text, int start)
    {
        var run = t_run ??= new char[64];
        var length = 0;
        var end = start;
        while (end < text.Length)
        {
            var c = text[end];
            if (c < 0xC0 || c is >= HangulFirst and <= HangulLast) break;
            int codePoint, width;
            if (char.IsHighSurrogate(c) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[end + 1]);
                width = 2;
            }
            else
            {
                codePoint = c;
                width = 1;
            }
            // Hugging Face deletes these before NFD; ICU would also refuse lone surrogates and noncharacters.
            if (!IsDeleted(codePoint, Category(codePoint)))
            {
                if (length + 2 > run.Length) Array.Resize(ref run, run.Length * 2);
                text.AsSpan(end, width).CopyTo(run.AsSpan(length));
                length += width;
            }
            end += width;
        }
        if (run.Length <= MaxRetainedBuffer) t_run = run;

        var decomposed = t_decomposed ??= new char[192];
        int written;
        try
        {
            while (!run.AsSpan(0, length).TryNormalize(decomposed, out written, NormalizationForm.FormD))
                decomposed = new char[Math.Max(decomposed.Length * 2, run.AsSpan(0, length).GetNormalizedLength(NormalizationForm.FormD))];
        }
        catch (ArgumentException)
        {
            // Unreachable with the deletions above; kept so Encode never throws on odd text.
            decomposed = run;
            written = length;
        }
        if (decomposed.Length <= MaxRetainedBuffer && decomposed != run) t_decomposed = decomposed;

        for (var i = 0; i < written; i++)
        {
            var c = decomposed[i];
            if (char.IsHighSurrogate(c) && i + 1 < written && char.IsLowSurrogate(decomposed[i + 1]))
            {
                Add(ref words, char.ConvertToUtf32(c, decomposed[i + 1]));
                i++;
            }
            else
            {
                Add(ref words, c);
            }
        }
        return end;
    }

    private static UnicodeCategory Category(int codePoint) =>
        codePoint < 0x10000 ? CharUnicodeInfo.GetUnicodeCategory((char)codePoint) : CharUnicodeInfo.GetUnicodeCategory(codePoint);

    /// <summary>Hugging Face's clean-up: NUL, U+FFFD and every C* category except \t \n \r.</summary>
    private static bool IsDeleted(int codePoint, UnicodeCategory category) =>
        codePoint == 0xFFFD
        || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            && codePoint is not ('\t' or '\n' or '\r');

    /// <summary>Hugging Face's "Chinese character" blocks (which hold no Hangul).</summary>
    private static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>Writes words separated by single spaces, counting code points per word.</summary>
    private struct WordWriter(char[] buffer, int maxWords)
    {
        private int _length;
        private int _wordStart;
        private int _wordCodePoints;
        private int _words;

        public char[] Buffer { get; private set; } = buffer;

        public readonly bool Full => _words >= maxWords;

        public readonly ReadOnlySpan<char> Text =>
            Buffer.AsSpan(0, _length > 0 && Buffer[_length - 1] == ' ' ? _length - 1 : _length);

        public void Append(char c)
        {
            Reserve(1);
            Buffer[_length++] = c;
            _wordCodePoints++;
        }

        public void Append(int codePoint)
        {
            if (codePoint < 0x10000)
            {
                Append((char)codePoint);
                return;
            }
            Reserve(2);
            var rune = new Rune(codePoint);
            _length += rune.EncodeToUtf16(Buffer.AsSpan(_length));
            _wordCodePoints++;
        }

        /// <summary>A character that is a word by itself (punctuation, CJK).</summary>
        public void AddWord(int codePoint)
        {
            EndWord();
            if (Full) return;
            Append(codePoint);
            EndWord();
        }

        /// <summary>A special token, kept as it is.</summary>
        public void AddWord(string token)
        {
            EndWord();
            if (Full) return;
            Reserve(token.Length);
            token.CopyTo(Buffer.AsSpan(_length));
            _length += token.Length;
            EndWord();
        }

        public void EndWord()
        {
            if (_length == _wordStart) return;
            if (_wordCodePoints > MaxCodePointsPerWord)
            {
                _length = _wordStart;
                Unknown.CopyTo(Buffer.AsSpan(_length));
                _length += Unknown.Length;
            }
            Reserve(1);
            Buffer[_length++] = ' ';
            _wordStart = _length;
            _wordCodePoints = 0;
            _words++;
        }

        private void Reserve(int extra)
        {
            if (_length + extra <= Buffer.Length) return;
            var grown = new char[Math.Max(Buffer.Length * 2, _length + extra)];
            Buffer.AsSpan(0, _length).CopyTo(grown);
            Buffer = grown;
        }
    }
}
