using System.Diagnostics;
using Counseling.Grains.Pipeline.Features;
using Xunit.Abstractions;

namespace Counseling.Tests.Features;

/// <summary>
/// Rough speed of the per-utterance work: the budget is 300 sessions/s of 40 turns on 2 cores
/// for all of stage 2, i.e. 12,000 utterances/s. Floors here are far below what is measured so
/// a slow CI box does not fail, but a quadratic blunder does.
/// </summary>
public sealed class FeatureThroughputTests(ITestOutputHelper output)
{
    private static readonly string[] Utterances =
    [
        "안녕하세요, ▲▲▲카드 상담사 ▲▲▲입니다. 무엇을 도와드릴까요?",
        "네 카드 분실 신고하려고 전화했어요. 어제 지갑을 잃어버려서요.",
        "아 많이 당황하셨겠어요. 본인 확인을 위해 성함과 생년월일 말씀해 주시겠어요?",
        "▲▲▲이고요 생년월일은 ▲▲▲입니다",
        "확인 감사합니다. 분실 신고 접수해 드렸고 재발급은 역삼동 지점이나 앱에서 신청 가능합니다.",
        "아니 왜 이렇게 오래 걸려요? 몇 번을 전화했는지 몰라요.",
        "오래 기다리시게 해서 정말 죄송합니다. 혹시 다른 궁금하신 점 있으신가요?",
        "아니요 없어요 감사합니다. 좋은 하루 되세요.",
    ];

    [Fact]
    public void Lexicon_counting_and_noun_extraction_are_fast()
    {
        var set = ShippedLexicons.Set;
        var nouns = new NounExtractor(set);
        Lexicon[] ratios =
        [
            set.ScriptPhrases, set.PositiveWords, set.EuphoniousWords, set.Confirmation, set.Empathy, set.Apology,
            set.Request, set.SolutionOffers, set.ConflictWords, set.ProhibitedWords,
        ];
        const int rounds = 5_000;

        var sink = 0;
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var utterance in Utterances)
            {
                var text = MatchText.Of(utterance);
                foreach (var lexicon in ratios) sink += lexicon.Count(text);
                if (set.HonorificEndings.EndsWithAny(text)) sink++;
            }
        }
        var lexiconRate = rounds * Utterances.Length / watch.Elapsed.TotalSeconds;

        watch.Restart();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var utterance in Utterances) sink += nouns.Extract(utterance).Count;
        }
        var nounRate = rounds * Utterances.Length / watch.Elapsed.TotalSeconds;

        output.WriteLine($"11 lexicons per utterance: {lexiconRate:N0} utterances/s; noun extraction: {nounRate:N0} utterances/s (sink {sink})");
        Assert.True(lexiconRate > 12_000, $"lexicon counting {lexiconRate:N0}/s");
        Assert.True(nounRate > 12_000, $"noun extraction {nounRate:N0}/s");
    }
}
