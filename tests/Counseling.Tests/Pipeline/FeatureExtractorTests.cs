using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;

namespace Counseling.Tests.Pipeline;

public sealed class FeatureExtractorTests
{
    internal const string Dialogue = """
        상담사: 안녕하세요, 광진구청 민원실입니다. 무엇을 도와드릴까요?
        고객: 네, 기초연금 신청하려고 전화했어요.
        상담사: 네 고객님, 확인해 드리겠습니다. 성함이 어떻게 되세요?
        고객: ▲▲▲입니다.
        상담사: 기다리게 해서 죄송합니다. 기초연금 신청은 주민센터에서 접수해 드리겠습니다!
        고객: 왜 이렇게 복잡해요? 빨리 처리해 주세요.
        상담사: 감사합니다. 좋은 하루 되세요.
        """;

    internal static Session HandChecked() => new Preprocessor().Preprocess(new SessionRecord("hand_1", Dialogue,
        [new Instruction("상담 주제", "복지 서비스"), new Instruction("상담 내용", "기초연금 신청 문의"), new Instruction("상담 결과", "만족")],
        new Dictionary<string, string>()));

    private static readonly FeatureExtractor Extractor = new(LexiconSet.Load(Path.Combine(ModelLocation.Root(), "lexicons")));

    [Fact]
    public void Every_feature_of_a_hand_checked_dialogue()
    {
        var session = HandChecked();
        var sentences = FeatureExtractor.Sentences(session);
        // Counselor sentences score 5 stars, customer sentences 1 star: the means are then easy to check.
        var scores = sentences.Select(s => new SentimentScore(s.Speaker == Speaker.Counselor ? [0, 0, 0, 0, 1f] : [1f, 0, 0, 0, 0])).ToArray();
        var f = Extractor.Extract(session, sentences, scores);

        Assert.Equal(12, sentences.Count);
        Assert.Equal(8, sentences.Count(s => s.Speaker == Speaker.Counselor));

        Assert.Equal(7, f.BasicStats.SpeechCount);
        Assert.Equal(143, f.BasicStats.TotalCharacters);
        Assert.Equal(143 / 12.0, f.BasicStats.AvgSentenceLength, 4);

        var s = f.SentimentAnalysis;
        Assert.Equal(4 / 12.0, s.Emo1StarScore, 5);
        Assert.Equal(0, s.Emo3StarScore, 5);
        Assert.Equal(8 / 12.0, s.Emo5StarScore, 5);
        Assert.Equal(1 * 4 / 12.0 + 5 * 8 / 12.0, s.OverallSentiment, 5);
        Assert.Equal("긍정", s.SentLabel);
        Assert.Equal(1.0, s.CustomerOverallSentiment, 5);
        Assert.Equal("부정", s.CustomerSentLabel);
        Assert.Equal(5.0, s.CounselorOverallSentiment, 5);
        Assert.Equal(1.0, s.CounselorEmo5StarScore, 5);
        Assert.Equal("긍정", s.CounselorSentLabel);

        var t = f.TextFeatures;
        Assert.Equal("기초연금", t.TopNouns[0]);
        Assert.DoesNotContain("고객님", t.TopNouns);
        Assert.Equal(1.0, t.HonorificRatio, 5);
        Assert.Equal(3, t.QuestionCount);
        Assert.Equal(1, t.ExclamationCount);

        var d = f.DialoguePatterns;
        Assert.Equal(0.25, d.ApologyRatio, 5);
        Assert.Equal(0.25, d.ConfirmationRatio, 5);
        Assert.Equal(1 / 3.0, d.RequestRatio, 5);
        // Greeting, identity check (성함이 어떻게 되세요) and closing; the apology turn is no script line.
        Assert.Equal(0.75, d.ScriptPhraseRatio, 5);
        Assert.True(d.ConflictFlag);
        Assert.Equal(1.0, d.ManualComplianceRatio, 5);

        Assert.Equal("복지 서비스", f.Categories.MidCategory);
        Assert.Equal("기초연금 신청 문의", f.Categories.ContentCategory);
        Assert.Equal("광진구청", f.Categories.RecPlace);
    }

    [Fact]
    public void A_speaker_who_says_nothing_is_neutral_and_ratios_of_nothing_are_zero()
    {
        var session = new Preprocessor().Preprocess(new SessionRecord("mono", "고객: 여보세요? 여보세요!\n고객: 아무도 없나요", [], new Dictionary<string, string>()));
        var sentences = FeatureExtractor.Sentences(session);
        var f = Extractor.Extract(session, sentences, sentences.Select(_ => new SentimentScore([0, 0, 0, 1f, 0])).ToArray());
        Assert.Equal(3.0, f.SentimentAnalysis.CounselorOverallSentiment, 5);
        Assert.Equal("중립", f.SentimentAnalysis.CounselorSentLabel);
        Assert.Equal(4.0, f.SentimentAnalysis.CustomerOverallSentiment, 5);
        Assert.Equal(0, f.DialoguePatterns.ScriptPhraseRatio);
        Assert.Equal(0, f.TextFeatures.HonorificRatio);
        Assert.Equal(2, f.TextFeatures.QuestionCount);
        Assert.Null(f.Categories.MidCategory);
    }

    [Fact]
    public void Sentences_of_many_sessions_are_scored_together_and_land_on_their_own_session()
    {
        using var scorer = SentimentScorer.Load(ModelLocation.Sentiment());
        var a = HandChecked();
        var b = new Preprocessor().Preprocess(new SessionRecord("b", "상담사: 네 말씀하세요\n고객: 정말 최악이에요 화가 나요", [], new Dictionary<string, string>()));
        var together = Extractor.Extract([a, b], scorer);
        var alone = Extractor.Extract(b, scorer);
        Assert.Equal(["hand_1", "b"], together.Select(f => f.SessionId));
        Assert.Equal(alone.SentimentAnalysis.OverallSentiment, together[1].SentimentAnalysis.OverallSentiment, 5);
        Assert.Equal(alone.SentimentAnalysis.CustomerEmo1StarScore, together[1].SentimentAnalysis.CustomerEmo1StarScore, 5);
    }

    [Fact]
    public void Score_count_must_match_sentence_count()
    {
        var session = HandChecked();
        Assert.Throws<ArgumentException>(() => Extractor.Extract(session, FeatureExtractor.Sentences(session), []));
    }

    [Theory]
    [InlineData("네.", new[] { "네." })]
    [InlineData("아 그래요? 알겠습니다... 감사해요!", new[] { "아 그래요?", "알겠습니다...", "감사해요!" })]
    [InlineData("구두점 없는 긴 발화", new[] { "구두점 없는 긴 발화" })]
    [InlineData("...", new string[0])]
    public void Sentence_splitter_cuts_at_terminal_punctuation(string utterance, string[] expected) =>
        Assert.Equal(expected, SentenceSplitter.Split(utterance));
}
