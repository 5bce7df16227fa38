using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Tests.Preprocessing;

public sealed class DialogueParserTests
{
    [Fact]
    public void Tagged_lines_become_utterances_of_their_speakers_in_order()
    {
        var utterances = DialogueParser.Parse("상담사: 안녕하세요\n고객: 네 문의가 있어요\n상담원: 말씀하세요\n손님: 감사합니다");
        Assert.Equal(
            [
                new Utterance(Speaker.Counselor, "안녕하세요"), new Utterance(Speaker.Customer, "네 문의가 있어요"),
                new Utterance(Speaker.Counselor, "말씀하세요"), new Utterance(Speaker.Customer, "감사합니다"),
            ],
            utterances);
    }

    [Fact]
    public void An_untagged_line_continues_the_utterance_before_it()
    {
        var utterances = DialogueParser.Parse("상담사: 신청은\n온라인으로도 가능하고\n방문도 됩니다\n고객: 네\n고객님 감사합니다 하셨죠");
        Assert.Equal(2, utterances.Count);
        Assert.Equal("신청은 온라인으로도 가능하고 방문도 됩니다", utterances[0].Text);
        // "고객님" is a word, not a tag: the line continues the customer's turn.
        Assert.Equal(new Utterance(Speaker.Customer, "네 고객님 감사합니다 하셨죠"), utterances[1]);
    }

    [Fact]
    public void Untagged_lines_before_the_first_tag_open_the_first_utterance()
    {
        var utterances = DialogueParser.Parse("여보세요\n상담사: 네 광진구청입니다\n고객: 네");
        Assert.Equal(new Utterance(Speaker.Counselor, "여보세요 네 광진구청입니다"), utterances[0]);
        Assert.Equal(2, utterances.Count);
    }

    [Theory]
    [InlineData("고객: ▲▲▲ 님 맞으세요", "▲▲▲ 님 맞으세요")]
    [InlineData("고객: ▲▲ 님 맞으세요", "▲▲▲ 님 맞으세요")]
    [InlineData("고객: 번호는 010-****-1234입니다", "번호는 010-▲▲▲-1234입니다")]
    [InlineData("고객: 김○○ 고객님 ▲▲▲▲▲▲▲ 동", "김▲▲▲ 고객님 ▲▲▲ 동")]
    [InlineData("고객: 별표(*) 누르세요", "별표(*) 누르세요")]
    public void Masked_spans_become_one_mask_token(string content, string expected) =>
        Assert.Equal(expected, Assert.Single(DialogueParser.Parse(content)).Text);

    [Fact]
    public void Empty_lines_and_whitespace_runs_are_dropped_and_collapsed()
    {
        var utterances = DialogueParser.Parse("\n\n상담사:   네\t\t 말씀하세요  \n   \n\t\n고객:  예 \n\n");
        Assert.Equal([new Utterance(Speaker.Counselor, "네 말씀하세요"), new Utterance(Speaker.Customer, "예")], utterances);
    }

    [Fact]
    public void A_tag_with_nothing_after_it_is_dropped()
    {
        var utterances = DialogueParser.Parse("상담사: 네\n고객:   \n상담사: 여보세요?");
        Assert.Equal([Speaker.Counselor, Speaker.Counselor], utterances.Select(u => u.Speaker));
    }

    [Fact]
    public void One_speaker_alone_is_still_a_dialogue()
    {
        var utterances = DialogueParser.Parse("상담사: 여보세요?\n상담사: 고객님 들리세요?");
        Assert.Equal(2, utterances.Count);
        Assert.All(utterances, u => Assert.Equal(Speaker.Counselor, u.Speaker));
    }

    [Theory]
    [InlineData("상담사: 안녕하세요\r\n이어서\r\n고객: 네\r\n")]
    [InlineData("상담사: 안녕하세요\r이어서\r고객: 네\r")]
    [InlineData("상담사: 안녕하세요\n이어서\r\n고객: 네\r")]
    public void Windows_and_old_Mac_line_endings_split_lines_like_newlines(string content)
    {
        var utterances = DialogueParser.Parse(content);
        Assert.Equal([new Utterance(Speaker.Counselor, "안녕하세요 이어서"), new Utterance(Speaker.Customer, "네")], utterances);
    }

    [Theory]
    [InlineData("상담사 : 네", Speaker.Counselor)]
    [InlineData("상담사：네", Speaker.Counselor)]
    [InlineData("  고객 ： 네", Speaker.Customer)]
    [InlineData("[상담사] 네", Speaker.Counselor)]
    [InlineData("[고객]: 네", Speaker.Customer)]
    [InlineData("(손님) 네", Speaker.Customer)]
    [InlineData("3. 상담원: 네", Speaker.Counselor)]
    [InlineData("12) [고객] 네", Speaker.Customer)]
    public void Tag_variants_are_recognised(string line, Speaker speaker) =>
        Assert.Equal(new Utterance(speaker, "네"), Assert.Single(DialogueParser.Parse(line)));

    [Theory]
    [InlineData("고객님 안녕하세요")]
    [InlineData("고객센터 번호가 뭐예요")]
    [InlineData("상담사 연결해 주세요")]
    [InlineData("")]
    public void Lines_without_a_tag_give_no_dialogue(string content)
    {
        Assert.Empty(DialogueParser.Parse(content));
        Assert.False(DialogueParser.HasSpeakerTag(content));
    }
}
