using Counseling.Grains.Pipeline.Sentiment;

namespace Counseling.Tests.Sentiment;

public sealed class WordPieceTokenizerTests : IDisposable
{
    // 안녕 / 하세요 as conjoining jamo (NFD), written out so this file's own normalisation cannot matter.
    private const string AnnyeongJamo = "\u110B\u1161\u11AB\u1102\u1167\u11BC";
    private const string HaseyoJamo = "\u1112\u1161\u1109\u1166\u110B\u116D";
    private const string Annyeong = "\uC548\uB155";
    private const string Haseyo = "\uD558\uC138\uC694";

    private static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",  // 0-4
        "hello", "world", "un", "##aff", "##af",       // 5-9
        "##able", "##ab", "a", "##a", "!",             // 10-14
        Annyeong, "##" + Haseyo, AnnyeongJamo, "##" + HaseyoJamo, // 15-18
        "cafe", "caf\u00E9", "Hello", "$", "_",        // 19-23
        "foo", "bar", "##bar", "\u4E00",               // 24-27
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wordpiece-" + Guid.NewGuid().ToString("N"));

    public WordPieceTokenizerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private WordPieceTokenizer Tokenizer(string? config = null, IEnumerable<string>? vocabulary = null)
    {
        File.WriteAllLines(Path.Combine(_folder, "vocab.txt"), vocabulary ?? Vocabulary);
        var configPath = Path.Combine(_folder, "tokenizer_config.json");
        if (config is null) File.Delete(configPath);
        else File.WriteAllText(configPath, config);
        return WordPieceTokenizer.Load(_folder);
    }

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_folder, "tokenizer_config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Without_a_config_it_lower_cases_like_the_reference_bert()
    {
        var tokenizer = Tokenizer();

        Assert.Equal(["hello", "world", "!"], tokenizer.Tokenize("Hello WORLD!"));
        Assert.Equal([2, 5, 6, 14, 3], tokenizer.Encode("Hello WORLD!"));
        Assert.Equal(512, tokenizer.MaxLength);
        Assert.Equal(Vocabulary.Length, tokenizer.VocabularySize);
        Assert.Equal((0, 2, 3, 1), (tokenizer.PadId, tokenizer.ClsId, tokenizer.SepId, tokenizer.UnkId));
    }

    [Fact]
    public void Cased_config_keeps_case()
    {
        var tokenizer = Tokenizer("""{"do_lower_case": false}""");

        Assert.Equal(["Hello", "[UNK]", "!"], tokenizer.Tokenize("Hello WORLD!"));
        Assert.Equal([2, 21, 1, 14, 3], tokenizer.Encode("Hello WORLD!"));
    }

    [Theory]
    // Uncased: NFD turns Hangul syllables into conjoining jamo, as nlptown's multilingual uncased model sees them.
    [InlineData("""{"do_lower_case": true}""", AnnyeongJamo, "##" + HaseyoJamo, 17, 18)]
    [InlineData("""{"do_lower_case": false, "strip_accents": true}""", AnnyeongJamo, "##" + HaseyoJamo, 17, 18)]
    // Cased, or lower-casing with stripping switched off: syllables stay whole.
    [InlineData("""{"do_lower_case": false}""", Annyeong, "##" + Haseyo, 15, 16)]
    [InlineData("""{"do_lower_case": true, "strip_accents": false}""", Annyeong, "##" + Haseyo, 15, 16)]
    public void Hangul_is_decomposed_to_jamo_only_when_accents_are_stripped(
        string config, string first, string second, int firstId, int secondId)
    {
        var tokenizer = Tokenizer(config);

        Assert.Equal([first, second], tokenizer.Tokenize(Annyeong + Haseyo));
        Assert.Equal([2, firstId, secondId, 3], tokenizer.Encode(Annyeong + Haseyo));
        // Already decomposed input reaches the same pieces when stripping.
        if (firstId == 17) Assert.Equal([2, 17, 18, 3], tokenizer.Encode(AnnyeongJamo + HaseyoJamo));
    }

    [Theory]
    [InlineData(null, "cafe")]
    [InlineData("""{"do_lower_case": true, "strip_accents": false}""", "caf\u00E9")]
    [InlineData("""{"do_lower_case": false}""", "[UNK]")]
    public void Accents_follow_the_hugging_face_rule(string? config, string expected)
    {
        Assert.Equal([expected], Tokenizer(config).Tokenize("CAF\u00C9"));
    }

    [Fact]
    public void Pieces_are_matched_longest_first_with_continuation_prefix()
    {
        var tokenizer = Tokenizer();

        // ##aff beats ##af, ##able beats ##ab.
        Assert.Equal(["un", "##aff", "##able"], tokenizer.Tokenize("unaffable"));
        Assert.Equal([2, 7, 8, 10, 3], tokenizer.Encode("unaffable"));
        Assert.Equal(["a", "##a", "##a"], tokenizer.Tokenize("aaa"));
    }

    [Fact]
    public void A_word_with_an_unmatched_rest_is_one_unknown()
    {
        var tokenizer = Tokenizer();

        Assert.Equal(["[UNK]"], tokenizer.Tokenize("unaffablex"));
        Assert.Equal(["hello", "[UNK]", "world"], tokenizer.Tokenize("hello xyz world"));
        Assert.Equal([2, 5, 1, 6, 3], tokenizer.Encode("hello xyz world"));
    }

    [Fact]
    public void Words_over_100_characters_are_unknown()
    {
        var tokenizer = Tokenizer();

        Assert.Equal(["[UNK]"], tokenizer.Tokenize(new string('a', 101)));
        var hundred = tokenizer.Tokenize(new string('a', 100));
        Assert.Equal(100, hundred.Count);
        Assert.Equal("a", hundred[0]);
        Assert.All(hundred.Skip(1), t => Assert.Equal("##a", t));
        // The limit counts characters after the split at punctuation.
        Assert.Equal(["[UNK]", "!", "a"], tokenizer.Tokenize(new string('a', 101) + "!a"));
    }

    [Fact]
    public void Text_is_cleaned_and_split_like_the_basic_tokenizer()
    {
        var tokenizer = Tokenizer();

        Assert.Equal(["hello", "world"], tokenizer.Tokenize("hello\nworld"));
        Assert.Equal(["hello", "world"], tokenizer.Tokenize(" \thello\u3000\u00A0world\r\n"));
        Assert.Equal(["foo", "$", "bar"], tokenizer.Tokenize("foo$bar"));
        Assert.Equal(["foo", "_", "bar"], tokenizer.Tokenize("foo_bar"));
        // Control and format characters vanish without splitting the word.
        Assert.Equal(["foo", "##bar"], tokenizer.Tokenize("foo\u200Bb\u0007ar\u0000"));
        // A symbol that is not punctuation stays in its word, which then has no pieces.
        Assert.Equal(["[UNK]"], tokenizer.Tokenize("hello\U0001F60A"));
        Assert.Equal(["a", "\u4E00", "a"], tokenizer.Tokenize("a\u4E00a"));
        Assert.Equal(["a", "[UNK]", "a"], tokenizer.Tokenize("a\u3400a"));
    }

    [Fact]
    public void Chinese_characters_stay_in_words_when_not_split()
    {
        var tokenizer = Tokenizer("""{"tokenize_chinese_chars": false}""");

        Assert.Equal(["[UNK]"], tokenizer.Tokenize("a\u4E00a"));
        Assert.Equal(["\u4E00"], tokenizer.Tokenize("\u4E00"));
    }

    [Fact]
    public void Special_tokens_in_the_text_are_kept_whole()
    {
        var tokenizer = Tokenizer();

        Assert.Equal([2, 5, 3, 6, 3], tokenizer.Encode("Hello[SEP]world"));
    }

    [Fact]
    public void Truncation_keeps_cls_first_and_sep_last()
    {
        var tokenizer = Tokenizer("""{"model_max_length": 5}""");

        Assert.Equal(5, tokenizer.MaxLength);
        Assert.Equal([2, 5, 6, 5, 3], tokenizer.Encode("hello world hello world"));
        // Cut inside a word, as Hugging Face truncates tokens, not words.
        Assert.Equal([2, 5, 7, 8, 3], tokenizer.Encode("hello unaffable"));
        Assert.Equal([2, 5, 6, 3], tokenizer.Encode("hello world"));
    }

    [Fact]
    public void Batch_pads_to_its_longest_row_with_the_pad_id()
    {
        // [PAD] away from id 0, so padding with zeros would fail.
        var tokenizer = Tokenizer(vocabulary: ["hello", "world", "[UNK]", "[PAD]", "[CLS]", "[SEP]", "[MASK]", "!"]);

        var batch = tokenizer.EncodeBatch(["hello", "hello world!", ""]);

        Assert.Equal(3, batch.BatchSize);
        Assert.Equal(5, batch.SequenceLength);
        Assert.Equal([4L, 0, 5, 3, 3, 4, 0, 1, 7, 5, 4, 5, 3, 3, 3], batch.InputIds);
        Assert.Equal([1L, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], batch.AttentionMask);
        Assert.Equal(new long[15], batch.TokenTypeIds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \t\r\n\u3000\u00A0 ")]
    [InlineData("\u0000\u200B\uFFFD")]
    public void Empty_and_blank_text_give_cls_sep(string text)
    {
        var tokenizer = Tokenizer();

        Assert.Equal([2, 3], tokenizer.Encode(text));
        Assert.Empty(tokenizer.Tokenize(text));
    }

    [Fact]
    public void Null_text_is_refused()
    {
        var tokenizer = Tokenizer();

        Assert.Throws<ArgumentNullException>(() => tokenizer.Encode(null!));
    }

    [Fact]
    public void Repeated_vocabulary_lines_take_the_last_id_like_hugging_face()
    {
        var tokenizer = Tokenizer(vocabulary: [.. Vocabulary, "hello"]);

        Assert.Equal([2, Vocabulary.Length, 3], tokenizer.Encode("hello"));
    }

    [Fact]
    public void Missing_vocabulary_names_the_file()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), "{}");

        var e = Assert.Throws<SentimentModelException>(() => WordPieceTokenizer.Load(_folder));
        Assert.Contains(Path.Combine(_folder, "vocab.txt"), e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello")] // no [MASK]
    public void Empty_or_incomplete_vocabulary_names_the_file(string content)
    {
        File.WriteAllText(Path.Combine(_folder, "vocab.txt"), content);

        var e = Assert.Throws<SentimentModelException>(() => WordPieceTokenizer.Load(_folder));
        Assert.Contains("vocab.txt", e.Message);
    }

    [Fact]
    public void Vocabulary_that_is_not_utf8_names_the_file()
    {
        File.WriteAllBytes(Path.Combine(_folder, "vocab.txt"), [.. "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n"u8, 0xFF, 0xFE, (byte)'\n']);

        var e = Assert.Throws<SentimentModelException>(() => WordPieceTokenizer.Load(_folder));
        Assert.Contains("vocab.txt", e.Message);
    }

    [Theory]
    [InlineData("{ \"do_lower_case\": tru")]
    [InlineData("[true]")]
    [InlineData("""{"do_lower_case": "yes"}""")]
    [InlineData("""{"model_max_length": 0}""")]
    public void Corrupt_tokenizer_config_names_the_file(string json)
    {
        File.WriteAllLines(Path.Combine(_folder, "vocab.txt"), Vocabulary);
        WriteConfig(json);

        var e = Assert.Throws<SentimentModelException>(() => WordPieceTokenizer.Load(_folder));
        Assert.Contains(Path.Combine(_folder, "tokenizer_config.json"), e.Message);
    }

    [Fact]
    public void Settings_without_strip_accents_follow_lower_casing()
    {
        var settings = TokenizerSettings.Load(WriteConfig("""{"do_lower_case": false, "model_max_length": 128}"""));

        Assert.Equal(new TokenizerSettings(DoLowerCase: false, StripAccents: null, ModelMaxLength: 128), settings);
        Assert.False(settings.EffectiveStripAccents);
    }

    [Fact]
    public void Settings_with_null_strip_accents_strip_when_lower_casing()
    {
        var settings = TokenizerSettings.Load(WriteConfig(
            """{"do_lower_case": true, "strip_accents": null, "tokenize_chinese_chars": false, "name_or_path": "x"}"""));

        Assert.Equal(new TokenizerSettings(DoLowerCase: true, StripAccents: null, ModelMaxLength: 512, TokenizeChineseChars: false), settings);
        Assert.True(settings.EffectiveStripAccents);
    }

    [Theory]
    [InlineData("""{"model_max_length": 1000000000000000019884624838656}""", 512)]
    [InlineData("""{"model_max_length": 1e30}""", 512)]
    [InlineData("""{"model_max_length": 513}""", 512)]
    [InlineData("""{"max_len": 256}""", 256)]
    [InlineData("{}", 512)]
    public void Settings_clamp_model_max_length_to_the_bert_positions(string json, int expected)
    {
        var settings = TokenizerSettings.Load(WriteConfig(json));

        Assert.Equal(expected, settings.ModelMaxLength);
        Assert.True(settings.DoLowerCase);
        Assert.Null(settings.StripAccents);
    }

    [Fact]
    public void Missing_settings_file_names_the_file()
    {
        var path = Path.Combine(_folder, "tokenizer_config.json");

        var e = Assert.Throws<SentimentModelException>(() => TokenizerSettings.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(false, false, 128, true)]
    [InlineData(true, null, 512, false)]
    [InlineData(true, true, 64, true)]
    public void Settings_json_reads_back_the_same(bool lowerCase, bool? strip, int maxLength, bool cjk)
    {
        var settings = new TokenizerSettings(lowerCase, strip, maxLength, cjk);

        var json = settings.ToJson();

        Assert.Contains("\"tokenizer_class\": \"BertTokenizer\"", json);
        Assert.Contains("\"mask_token\": \"[MASK]\"", json);
        Assert.Equal(settings, TokenizerSettings.Load(WriteConfig(json)));
    }

    [Fact]
    public void Shared_instance_gives_the_same_ids_on_many_threads()
    {
        var tokenizer = Tokenizer();
        string[] texts = ["Hello WORLD!", Annyeong + Haseyo + " caf\u00E9", "unaffable aaa", "", new string('a', 150), "foo$bar_baz"];
        var expected = texts.Select(tokenizer.Encode).ToArray();

        var mismatches = 0;
        Parallel.For(0, 20_000, i =>
        {
            var k = i % texts.Length;
            if (!tokenizer.Encode(texts[k]).SequenceEqual(expected[k])) Interlocked.Increment(ref mismatches);
        });

        Assert.Equal(0, mismatches);
    }
}
