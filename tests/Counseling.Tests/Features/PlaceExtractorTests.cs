using Counseling.Grains.Pipeline.Features;

namespace Counseling.Tests.Features;

public sealed class PlaceExtractorTests
{
    private static readonly PlaceExtractor Extractor = new(ShippedLexicons.Set);

    [Theory]
    [InlineData("안녕하세요, 광진구청입니다. 무엇을 도와드릴까요?", "광진구청")]
    [InlineData("역삼동 주민센터에 방문하시면 신청 가능합니다", "역삼동주민센터")]
    [InlineData("가까운 강남지점으로 신분증 지참하고 방문해 주세요", "강남지점")]
    [InlineData("네 ▲▲▲카드 고객센터입니다", "카드고객센터")]
    [InlineData("서울중앙우체국에서 등기로 보내 드렸어요", "서울중앙우체국")]
    [InlineData("마포구 보건소에 문의해 보세요", "마포구보건소")]
    [InlineData("저희 센터로 다시 전화 주시면 됩니다", "센터")]
    [InlineData("카드 분실 신고하려고 전화했어요", null)]
    [InlineData("IPTV 영화 시청했는데 요금이 나왔어요", null)]
    public void Finds_the_place_named_in_a_call(string utterance, string? expected)
    {
        Assert.Equal(expected, Extractor.Find([utterance]));
    }

    [Fact]
    public void Most_frequent_place_wins_and_bare_mentions_join_their_named_place()
    {
        string[] session =
        [
            "네 광진구청입니다",
            "그건 역삼동 주민센터에서 하셔야 해요",
            "주민센터에 가실 때 신분증 챙기세요",
            "광진구청은 서류만 받아요",
            "주민센터 운영 시간은 여섯 시까지예요",
        ];

        Assert.Equal("역삼동주민센터", Extractor.Find(session));
    }

    [Fact]
    public void Ties_go_to_the_first_place()
    {
        Assert.Equal("송파지점", Extractor.Find(["송파지점이요", "잠실지점은요", "송파지점", "잠실지점"]));
    }

    [Fact]
    public void No_texts_no_place()
    {
        Assert.Null(Extractor.Find([]));
        Assert.Null(Extractor.Find(["", "네", "감사합니다"]));
    }

    [Fact]
    public void Punctuation_keeps_a_word_from_naming_the_place()
    {
        Assert.Equal(["주민센터"], Extractor.Mentions("네 역삼동, 주민센터요"));
    }
}
