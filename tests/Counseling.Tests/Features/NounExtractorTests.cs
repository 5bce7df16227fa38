using Counseling.Grains.Pipeline.Features;

namespace Counseling.Tests.Features;

public sealed class NounExtractorTests
{
    private static readonly NounExtractor Extractor = new(ShippedLexicons.Set);

    [Theory]
    [InlineData("카드 분실 신고하려고 전화했어요", "카드 분실 신고")]
    [InlineData("고객님 성함이 어떻게 되세요?", "성함")]
    [InlineData("네, 휴대폰 요금제를 변경하고 싶은데요", "휴대폰 요금제 변경")]
    [InlineData("인터넷 해지하려고요. 위약금이 얼마나 나오나요?", "인터넷 해지 위약금")]
    [InlineData("주소 변경됐나요? 택배가 아직 안 왔어요", "주소 변경 택배")]
    [InlineData("기초연금 신청은 주민센터에서 하시면 됩니다", "기초연금 신청 주민센터")]
    [InlineData("어 음 네 네 그 저기 ▲▲▲입니다", "")]
    [InlineData("5G 요금제랑 USIM 교체 비용이요", "5G 요금제 USIM 교체 비용")]
    [InlineData("KT에서 문자가 왔는데 결제 승인이 됐다고 해서요", "KT 문자 결제 승인")]
    [InlineData("카드한도 상향 가능한가요? 할부로 결제하려고요", "카드한도 상향 가능 할부 결제")]
    [InlineData("환불 처리는 영업일 기준 3일 정도 걸립니다", "환불 영업일 기준")]
    [InlineData("보험금 청구 서류는 진단서랑 영수증이 필요합니다", "보험금 청구 서류 진단서 영수증 필요")]
    [InlineData("계좌 비밀번호를 5회 잘못 입력하셔서 거래가 정지되었습니다", "계좌 비밀번호 입력 거래 정지")]
    [InlineData("좋아요 감사합니다 수고하세요", "")]
    [InlineData("배송 문의드립니다. 송장번호 ▲▲▲번 조회가 안 돼요", "배송 송장번호 조회")]
    [InlineData("본인이세요? 네 본인인데요 돈이 두 번 빠져나갔어요", "돈")]
    public void Finds_the_topic_nouns_of_an_utterance(string utterance, string expected)
    {
        var nouns = Extractor.Extract(utterance);

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), nouns);
    }

    [Fact]
    public void Drops_verb_forms_and_boilerplate()
    {
        var nouns = Extractor.Extract("카드 분실 신고하려고 전화했어요 고객님 상담사님께 문의드렸는데요");

        Assert.DoesNotContain("전화했어요", nouns);
        Assert.DoesNotContain("전화", nouns);
        Assert.DoesNotContain("고객님", nouns);
        Assert.DoesNotContain("상담사", nouns);
    }

    [Fact]
    public void Top_orders_by_count_then_first_appearance()
    {
        string[] session =
        [
            "인터넷 해지하려고 하는데요",
            "해지 위약금이 얼마인가요",
            "위약금은 약정 기간에 따라 달라요",
            "인터넷 해지 위약금 안내해 드릴게요",
            "약정 기간 확인해 주세요",
        ];

        var top = Extractor.Top(session, 4);

        Assert.Equal([("해지", 3), ("위약금", 3), ("인터넷", 2), ("약정", 2)], top);
    }

    [Fact]
    public void Top_of_nothing_is_empty()
    {
        Assert.Empty(Extractor.Top(["네", "네 감사합니다", ""]));
    }
}
