using Counseling.Grains.Pipeline.Features;

namespace Counseling.Tests.Features;

public sealed class LexiconTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lexicons-" + Guid.NewGuid().ToString("N"));

    public LexiconTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Lexicon Of(params string[] lines) => Lexicon.Parse("test", lines);

    [Fact]
    public void Loads_entries_skipping_comments_blanks_and_duplicates()
    {
        var path = Path.Combine(_folder, "apology.txt");
        File.WriteAllLines(path, ["# 사과", "", "죄송합니다", "  불편을 드려  ", "죄송 합니다", "!죄송한데요"]);

        var lexicon = Lexicon.Load(path);

        Assert.Equal("apology", lexicon.Name);
        Assert.Equal(["죄송합니다", "불편을 드려"], lexicon.Entries);
    }

    [Theory]
    [InlineData("정말 죄송합니다. 불편을 드려 죄송합니다.", 3)]
    [InlineData("정말죄송합니다불편을드려죄송합니다", 3)]
    [InlineData("죄송 합니다, 불편 을 드려서요", 2)]
    [InlineData("네 알겠습니다", 0)]
    [InlineData("", 0)]
    public void Counts_occurrences_whatever_the_spacing(string text, int expected)
    {
        var lexicon = Of("죄송합니다", "불편을 드려", "죄송");

        Assert.Equal(expected, lexicon.Count(text));
        Assert.Equal(expected > 0, lexicon.ContainsAny(text));
    }

    [Fact]
    public void Longest_entry_wins_so_a_phrase_is_counted_once()
    {
        var lexicon = Of("죄송", "죄송합니다", "대단히 죄송합니다");

        Assert.Equal(1, lexicon.Count("대단히 죄송합니다"));
        Assert.Equal(2, lexicon.Count("죄송해요 죄송합니다"));
    }

    [Fact]
    public void Exception_entries_shield_the_polite_form()
    {
        var lexicon = Of("알았어", "!알았어요");

        Assert.Equal(0, lexicon.Count("네 알았어요 고객님"));
        Assert.Equal(1, lexicon.Count("어 알았어. 알았어요"));
        Assert.False(lexicon.ContainsAny("알았어요"));
    }

    [Fact]
    public void Name_slot_matches_a_name_or_a_mask()
    {
        var lexicon = Of("상담사 ○였습니다");

        Assert.Equal(1, lexicon.Count("감사합니다 상담사 김민수였습니다"));
        Assert.Equal(1, lexicon.Count("상담사 ▲▲▲였습니다"));
        Assert.Equal(0, lexicon.Count("상담사였습니다"));
        Assert.Equal(0, lexicon.Count("상담사 가나다라마바였습니다"));
    }

    [Fact]
    public void Latin_letters_match_in_any_case()
    {
        Assert.Equal(2, Of("usim 변경").Count("USIM 변경하고 Usim변경"));
    }

    [Theory]
    [InlineData("네, 확인해 드리겠습니다.", true)]
    [InlineData("성함이 어떻게 되세요?", true)]
    [InlineData("그거 내가 했어", false)]
    [InlineData("요금이 얼마야", false)]
    [InlineData("", false)]
    public void Honorific_endings_test_the_end_of_a_sentence(string sentence, bool polite)
    {
        Assert.Equal(polite, ShippedLexicons.Set.HonorificEndings.EndsWithAny(sentence));
    }

    [Fact]
    public void Whole_word_lookup_ignores_latin_case()
    {
        var lexicon = Of("고객님", "ARS");

        Assert.True(lexicon.IsEntry("고객님"));
        Assert.True(lexicon.IsEntry("ars"));
        Assert.False(lexicon.IsEntry("고객"));
    }

    [Fact]
    public void An_entry_cannot_start_with_a_name_slot()
    {
        var error = Assert.Throws<LexiconException>(() => Lexicon.Parse("script", ["안녕하세요", "○입니다"]));

        Assert.Contains("script:2", error.Message);
    }

    [Fact]
    public void Missing_lexicon_file_is_named_in_the_error()
    {
        foreach (var file in LexiconSet.FileNames.Where(f => f != LexiconSet.EmpathyFile))
            File.WriteAllLines(Path.Combine(_folder, file), ["감사"]);

        var error = Assert.Throws<LexiconException>(() => LexiconSet.Load(_folder));

        Assert.Contains(Path.Combine(_folder, "empathy.txt"), error.Message);
    }

    [Fact]
    public void Shipped_lexicons_are_rich()
    {
        var set = ShippedLexicons.Set;
        Lexicon[] all =
        [
            set.ScriptPhrases, set.HonorificEndings, set.PositiveWords, set.EuphoniousWords, set.Confirmation, set.Empathy,
            set.Apology, set.Request, set.SolutionOffers, set.ConflictWords, set.ProhibitedWords, set.NounStopwords,
            set.PlaceSuffixes,
        ];

        Assert.All(all, l => Assert.True(l.Entries.Count >= 30, l.ToString()));
        Assert.Equal("empathy", set.Empathy.Name);
    }

    [Theory]
    [InlineData("안녕하세요, ▲▲▲카드 상담사 ▲▲▲입니다. 무엇을 도와드릴까요?", nameof(LexiconSet.ScriptPhrases), 3)]
    [InlineData("네 고객님, 감사합니다. 좋은 하루 되세요.", nameof(LexiconSet.ScriptPhrases), 2)]
    [InlineData("아 그러셨군요. 많이 불편하셨겠어요.", nameof(LexiconSet.Empathy), 2)]
    [InlineData("혹시 실례지만 생년월일이 어떻게 되세요?", nameof(LexiconSet.EuphoniousWords), 2)]
    [InlineData("아니 왜 이렇게 안 돼요? 몇 번을 전화했는지 몰라요. 책임자 바꿔 주세요.", nameof(LexiconSet.ConflictWords), 3)]
    [InlineData("카드 재발급해 주세요. 빨리 좀 부탁드려요.", nameof(LexiconSet.Request), 3)]
    [InlineData("재발급 접수해 드렸습니다. 문자로 안내해 드리겠습니다.", nameof(LexiconSet.SolutionOffers), 2)]
    [InlineData("말씀하신 주소가 서울시 광진구 맞으실까요?", nameof(LexiconSet.Confirmation), 2)]
    [InlineData("그건 제 담당이 아니라서요. 확인해 봐야 알아요. 기다려 주세요.", nameof(LexiconSet.ProhibitedWords), 1)]
    [InlineData("네 감사합니다. 덕분에 잘 해결됐어요.", nameof(LexiconSet.PositiveWords), 3)]
    [InlineData("오래 기다리시게 해서 죄송합니다.", nameof(LexiconSet.Apology), 2)]
    public void Shipped_lexicons_count_real_utterances(string utterance, string lexicon, int expected)
    {
        var set = ShippedLexicons.Set;
        var chosen = (Lexicon)typeof(LexiconSet).GetProperty(lexicon)!.GetValue(set)!;

        Assert.Equal(expected, chosen.Count(utterance));
    }
}
