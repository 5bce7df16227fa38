using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Tests.Preprocessing;

public sealed class PreprocessorTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    private static SessionRecord Record(string sessionId, string content, params Instruction[] instructions) =>
        new(sessionId, content, instructions, NoMetadata);

    private static PreprocessException Rejected(SessionRecord record) =>
        Assert.Throws<PreprocessException>(() => new Preprocessor().Preprocess(record));

    [Fact]
    public void A_record_becomes_a_session_with_its_utterances_and_categories()
    {
        var session = new Preprocessor().Preprocess(Record("session_40001", "상담사: 안녕하세요\n고객: 네",
            new Instruction("상담주제", "복지 서비스"), new Instruction("상담 결과", "만족")));
        Assert.Equal("session_40001", session.SessionId);
        Assert.Equal([new Utterance(Speaker.Counselor, "안녕하세요"), new Utterance(Speaker.Customer, "네")], session.Utterances);
        Assert.Equal("복지 서비스", session.Topic); // "상담주제" without the space counts
        Assert.Null(session.ContentCategory);
        Assert.Equal("만족", session.Outcome);
    }

    [Fact]
    public void A_record_without_speaker_tags_is_rejected_with_the_reason()
    {
        var error = Rejected(Record("session_40001", "안녕하세요 광진구청입니다\n네 문의드릴게요"));
        Assert.Equal("session_40001", error.Subject);
        Assert.StartsWith("session_40001: consulting_content has no speaker-tagged lines (expected 상담사:", error.Message);
    }

    [Theory]
    [InlineData("", "consulting_content is empty")]
    [InlineData(" \r\n\t", "consulting_content is empty")]
    [InlineData("상담사:\n고객:   \n", "consulting_content has speaker tags but no text after them")]
    public void A_record_with_no_usable_dialogue_is_rejected_with_the_reason(string content, string reason) =>
        Assert.Equal($"s1: {reason}", Rejected(Record("s1", content)).Message);

    [Fact]
    public void Consulting_content_over_ten_thousand_characters_is_rejected()
    {
        var atLimit = "고객: " + new string('가', Preprocessor.MaxContentLength - 4);
        Assert.Equal(10_000, atLimit.Length);
        Assert.Single(new Preprocessor().Preprocess(Record("s1", atLimit)).Utterances);

        var error = Rejected(Record("s1", atLimit + "가"));
        Assert.Equal("s1: consulting_content is 10,001 characters; the limit is 10,000", error.Message);
    }

    [Fact]
    public void A_session_id_of_fifty_characters_is_accepted_and_fifty_one_rejected()
    {
        var fifty = new string('a', 45) + "-_019";
        Assert.Equal(fifty, new Preprocessor().Preprocess(Record(fifty, "고객: 네")).SessionId);

        var error = Rejected(Record(fifty + "x", "고객: 네"));
        Assert.Equal($"{fifty}x: session_id is 51 characters; the limit is 50", error.Message);
    }

    [Theory]
    [InlineData("session 1", ' ')]
    [InlineData("session/1", '/')]
    [InlineData("세션_1", '세')]
    [InlineData("s1.json", '.')]
    public void A_session_id_with_other_characters_is_rejected_naming_the_character(string sessionId, char bad)
    {
        var error = Rejected(Record(sessionId, "고객: 네"));
        Assert.Equal(sessionId, error.Subject);
        Assert.Contains($"session_id has the character '{bad}'", error.Reason);
    }

    [Fact]
    public void Many_records_are_merged_before_they_are_preprocessed()
    {
        var sessions = new Preprocessor().Preprocess(
        [
            Record("a", "상담사: 네", new Instruction("상담 주제", "요금")),
            Record("b", "고객: 여보세요"),
            Record("a", "", new Instruction("상담 결과", "만족")),
        ]);
        Assert.Equal(["a", "b"], sessions.Select(s => s.SessionId));
        Assert.Equal("요금", sessions[0].Topic);
        Assert.Equal("만족", sessions[0].Outcome);
    }

    [Fact]
    public void Preprocess_each_sets_bad_sessions_aside_and_keeps_the_good_ones()
    {
        var batch = new Preprocessor().PreprocessEach([Record("a", "상담사: 네"), Record("b", "no tags"), Record("c", "고객: 네")]);
        Assert.Equal(["a", "c"], batch.Sessions.Select(s => s.SessionId));
        Assert.Equal("b", Assert.Single(batch.Failures).Subject);
    }
}
