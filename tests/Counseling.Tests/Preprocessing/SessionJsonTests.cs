using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Tests.Preprocessing;

public sealed class SessionJsonTests
{
    private static readonly Session Sample = new(
        "session_40001",
        [new Utterance(Speaker.Counselor, "안녕하세요 \"▲▲▲\"구청입니다"), new Utterance(Speaker.Customer, "네")],
        [new Instruction("상담 주제", "복지 서비스"), new Instruction("상담 결과", "만족")],
        new Dictionary<string, string> { ["source_id"] = "40001", ["client_age"] = "40대" });

    [Fact]
    public void A_session_is_written_as_one_snake_case_line_with_readable_Korean()
    {
        Assert.Equal(
            """{"session_id":"session_40001","utterances":[{"speaker":"counselor","text":"안녕하세요 \"▲▲▲\"구청입니다"},{"speaker":"customer","text":"네"}],"instructions":[{"task_category":"상담 주제","output":"복지 서비스"},{"task_category":"상담 결과","output":"만족"}],"metadata":{"source_id":"40001","client_age":"40대"}}""",
            SessionJson.Serialize(Sample));
    }

    [Fact]
    public void Sessions_round_trip_through_JSONL()
    {
        var other = Sample with { SessionId = "s2", Utterances = [new Utterance(Speaker.Customer, "해지요")], Instructions = [], Metadata = new Dictionary<string, string>() };
        var writer = new StringWriter();
        SessionJson.WriteLines([Sample, other], writer);
        Assert.Equal(2, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var read = SessionJson.ReadLines(new StringReader(writer + "\n")).ToList();

        Assert.Equal(2, read.Count);
        Assert.Equal(Sample.SessionId, read[0].SessionId);
        Assert.Equal(Sample.Utterances, read[0].Utterances);
        Assert.Equal(Sample.Instructions, read[0].Instructions);
        Assert.Equal(Sample.Metadata, read[0].Metadata);
        Assert.Equal("만족", read[0].Outcome);
        Assert.Equal([new Utterance(Speaker.Customer, "해지요")], read[1].Utterances);
        Assert.Empty(read[1].Instructions);
    }

    [Theory]
    [InlineData("""{"session_id":"s1","utterances":[{"text":"네"}]}""", "s1: <in> line 1: utterances[0] has no speaker")]
    [InlineData("""{"utterances":[]}""", "<in> line 1: missing session_id")]
    [InlineData("""{"session_id":"s1"}""", "s1: <in> line 1: missing utterances")]
    public void A_line_that_is_not_a_session_is_an_error_naming_it(string line, string message)
    {
        var error = Assert.Throws<PreprocessException>(() => SessionJson.ReadLines(new StringReader(line), "<in>").ToList());
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_unknown_speaker_is_an_error_not_a_guess()
    {
        var error = Assert.Throws<PreprocessException>(() => SessionJson.Deserialize("""{"session_id":"s1","utterances":[{"speaker":"agent","text":"네"}]}"""));
        Assert.StartsWith("<session json>: not a session JSON object", error.Message);
    }
}
