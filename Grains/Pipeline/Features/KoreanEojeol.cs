using System.Collections.Frozen;

namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// Rule-based analysis of one Hangul eojeol (a space token) without a dictionary: the light-verb
/// stem (신청 in 신청했어요), trailing particles and copula (카드로요, 본인이세요) and the signs that
/// a word is a verb or adjective. The tables are tuned on call-center speech; where a rule would cut
/// a common noun (한도, 문의, 결과), that noun ending is listed as protected instead of loosening the rule.
/// </summary>
internal static class KoreanEojeol
{
    private const char SyllableFirst = '\uAC00';
    private const char SyllableLast = '\uD7A3';

    // Particles and copula forms that end a noun phrase. Stripped longest first, up to three times,
    // so stacked forms (카드만요, 센터에서는) come off one layer at a time.
    private static readonly string[] Particles =
    [
        // copula 이다 in its call-center forms
        "입니다", "입니까", "이에요", "이예요", "예요", "에요", "이고요", "고요", "이고", "이며", "이라서", "라서",
        "이라고", "라고", "이라는", "라는", "이래요", "인데요", "인데", "인가요", "인지", "일까요", "이죠", "죠",
        "이지요", "이지", "였어요", "였는데", "였습니다", "이었어요", "이었는데", "이었습니다", "이었고", "였고",
        "이신가요", "이세요", "이시죠", "이신데", "이시고", "이시면", "이면", "이거든요", "거든요", "이니까요",
        "이니까", "이잖아요", "잖아요", "이라도", "라도", "이나마", "이나", "이랑", "이요",
        // case and delimiter particles
        "에서는", "에서도", "에서만", "에게는", "에게서", "한테서", "한테는", "으로는", "으로도", "으로서", "으로써",
        "까지는", "까지도", "부터는", "에서", "에게", "께서", "한테", "으로", "로는", "로도", "로서", "로써", "에는",
        "에도", "까지", "부터", "처럼", "보다", "마다", "밖에", "대로", "조차", "마저", "만큼",
        "은", "는", "이", "가", "을", "를", "에", "께", "로", "와", "과", "랑", "도", "만", "의", "요", "나", "씩",
        "쯤", "들", "님",
    ];

    private static readonly FrozenDictionary<char, string[]> ParticlesByLast = Particles
        .GroupBy(p => p[^1])
        .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Length).ToArray());

    private static readonly FrozenSet<string> WholeParticles = Particles.Where(p => p.Length >= 2).ToFrozenSet();

    // Noun endings that look like a particle: 한도 is not 한+도, 문의 is not 문+의.
    private static readonly FrozenSet<string> ProtectedEndings = new[]
    {
        "한도", "정도", "제도", "속도", "용도", "족도", "뢰도", "이도", "지도", "빈도", "온도", "습도", "태도", "강도",
        "각도", "보도", "부도", "인도", "포도", "시도", "기도", "주도", "원도", "청도", "상도", "라도",
        "문의", "동의", "합의", "회의", "주의", "협의", "건의", "편의", "정의", "강의", "논의", "결의",
        "결과", "효과", "초과", "부과", "통과", "경과", "성과", "내과", "외과", "치과", "안과", "사과", "학과",
        "인과", "기과", "후과", "일과", "불만", "미만", "이만", "천만", "백만", "경로", "도로", "통로", "진로",
        "회로", "필요", "중요", "주요", "수요", "추가", "평가", "단가", "원가", "정가", "휴가", "물가", "대가",
        "증가", "참가", "허가", "인가", "시가", "국가", "주가", "부가", "하나", "나이", "아이", "바이", "파이",
        "레이", "페이", "타이", "사이", "차이", "길이", "놀이", "종이", "양이", "린이", "높이", "깊이", "사랑",
        "가게", "무게", "디어", "웨어", "시아", "리아", "마을", "가을",
    }.ToFrozenSet();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ProtectedLookup =
        ProtectedEndings.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> WholeParticleLookup =
        WholeParticles.GetAlternateLookup<ReadOnlySpan<char>>();

    // Single syllables that are whole nouns worth keeping as topics.
    private static readonly FrozenSet<char> SingleSyllableNouns = "돈집폰차표몸빚약병방옷문앱칩땅".ToFrozenSet();

    // Endings of verb and adjective forms. A word ending with one of these, longer than the
    // particle that would have been stripped, is not a noun (좋아요, 가는데, 알려주시면).
    private static readonly string[] VerbalEndings =
    [
        "니다", "니까", "세요", "셔요", "어요", "아요", "여요", "워요", "네요", "나요", "까요", "게요", "군요", "구나",
        "지요", "거든", "잖아", "는데", "은데", "던데", "면서", "려고", "려면", "으면", "시면", "으니", "다고",
        "냐고", "자고", "어서", "아서", "지만", "거나", "는지", "을까", "을게", "렇게", "떻게", "르게", "쉽게",
        "로운", "려운", "까운", "거운", "러운", "다운", "스런", "겠다", "는다", "시오", "봐요", "줘요", "와요",
        "써요", "려요", "쳐요", "켜요", "져요", "주고", "주는", "주면", "주시", "주실", "줘서", "드려", "드릴",
    ];

    private static readonly FrozenDictionary<char, string[]> VerbalEndingsByLast = VerbalEndings
        .GroupBy(p => p[^1])
        .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Length).ToArray());

    // Light verbs (하다, 되다, 드리다, 시키다, 받다, 당하다) and the syllables allowed after them.
    // "" in a list: the word may end there. What a set leaves out is a
    // noun starting with the same syllable: 해지, 해결, 한도, 할인, 할부, 합계, 하루, 당황.
    private static readonly FrozenDictionary<char, Follow> LightVerbs = new Dictionary<char, Follow>
    {
        ['하'] = Follow.Any,
        ['해'] = Next("", "요", "서", "야", "주", "줘", "준", "줄", "줬", "드", "봐", "봤", "보", "도", "놓", "놨", "둬", "둔", "두", "버", "가", "갈", "와", "오", "왔", "달", "라"),
        ['했'] = Follow.Any,
        ['합'] = Next("니", "시"),
        ['한'] = Next("", "가", "다", "데", "지", "테", "거", "건", "걸", "게", "것", "적", "후", "대", "분"),
        ['할'] = Next("", "게", "까", "수", "때", "거", "건", "걸", "려", "라", "지", "텐", "만", "께", "래"),
        ['함'] = Next(""),
        ['되'] = Follow.Any,
        ['돼'] = Next("", "요", "서", "야", "도", "있", "버", "가"),
        ['됐'] = Follow.Any,
        ['된'] = Next("", "다", "거", "건", "걸", "지", "데", "게", "것", "적", "대"),
        ['될'] = Next("", "까", "거", "게", "수", "지", "때", "텐", "려", "건"),
        ['됩'] = Next("니"),
        ['됨'] = Next(""),
        ['드'] = Next("리", "려", "릴", "렸", "립", "린", "림"),
        ['시'] = Next("키", "켜", "킨", "켰", "킬"),
        ['받'] = Next("", "았", "고", "는", "을", "으", "아", "게", "지", "기", "습", "은", "던"),
        ['당'] = Next("했", "하", "해", "한", "할"),
    }.ToFrozenDictionary();

    private static readonly string[] NounsStartingWithHa = ["하루", "하락", "하차", "하단", "하반", "하수", "하청", "하이"];

    public static bool IsSyllable(char c) => c is >= SyllableFirst and <= SyllableLast;

    /// <summary>
    /// Index where a light verb starts (신청|했어요 → 2), or -1. Index 0 or 1 still means a verb
    /// form (했어요, 급해요): the caller drops those words rather than keep a one-syllable stem.
    /// </summary>
    public static int LightVerbStart(ReadOnlySpan<char> word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (!LightVerbs.TryGetValue(word[i], out var allowed)) continue;
            var rest = word[(i + 1)..];
            if (allowed.Syllables is null)
            {
                if (word[i] == '하' && StartsWithAny(word[i..], NounsStartingWithHa)) continue;
                return i;
            }
            if (rest.IsEmpty ? allowed.End : allowed.Syllables.Contains(rest[0])) return i;
        }
        return -1;
    }

    /// <summary>The word without trailing particles and copula; a stem is never cut below two syllables.</summary>
    public static ReadOnlySpan<char> StripParticles(ReadOnlySpan<char> word, out int firstStripped)
    {
        firstStripped = 0;
        for (var pass = 0; pass < 3 && word.Length >= 2; pass++)
        {
            var cut = LongestParticle(word);
            if (cut == 0) break;
            if (pass == 0) firstStripped = cut;
            word = word[..^cut];
        }
        return word;
    }

    /// <summary>A token that is nothing but a particle or copula (에서, 입니다): left after a name or number.</summary>
    public static bool IsWholeParticle(ReadOnlySpan<char> word) =>
        word.Length >= 2 ? WholeParticleLookup.Contains(word) : word.Length == 1 && ParticlesByLast.ContainsKey(word[0]);

    /// <summary>
    /// Signs of a verb or adjective: a syllable ending in ㅆ, ㄶ, ㅀ, ㄵ or ㄼ (했, 않, 싫, 앉, 넓), which
    /// nouns do not have, or a verbal ending longer than the particle stripping removed.
    /// </summary>
    public static bool LooksVerbal(ReadOnlySpan<char> word, ReadOnlySpan<char> stripped, int firstStripped)
    {
        foreach (var c in stripped)
        {
            if (!IsSyllable(c)) continue;
            var final = (c - SyllableFirst) % 28;
            if (final is 20 or 6 or 15 or 5 or 11) return true;
        }
        // On the word, an ending only counts when it is longer than the particle taken off it
        // (본인이세요 is a noun with 이세요, 좋아요 a verb with 아요); on what is left it always counts.
        return EndsVerbally(word, firstStripped + 1) || (stripped.Length < word.Length && EndsVerbally(stripped, 0));
    }

    private static bool EndsVerbally(ReadOnlySpan<char> word, int minLength)
    {
        if (word.IsEmpty || !VerbalEndingsByLast.TryGetValue(word[^1], out var endings)) return false;
        foreach (var ending in endings)
        {
            if (ending.Length >= minLength && ending.Length < word.Length && word.EndsWith(ending)) return true;
        }
        return false;
    }

    public static bool IsSingleSyllableNoun(ReadOnlySpan<char> word) => word.Length == 1 && SingleSyllableNouns.Contains(word[0]);

    private static int LongestParticle(ReadOnlySpan<char> word)
    {
        if (!ParticlesByLast.TryGetValue(word[^1], out var candidates)) return 0;
        var protectedLength = 0;
        for (var length = Math.Min(3, word.Length); length >= 2; length--)
        {
            if (ProtectedLookup.Contains(word[^length..]))
            {
                protectedLength = length;
                break;
            }
        }
        foreach (var particle in candidates)
        {
            if (particle.Length >= word.Length || particle.Length < protectedLength) continue;
            if (!word.EndsWith(particle)) continue;
            var stem = word[..^particle.Length];
            if (stem.Length >= 2 || IsSingleSyllableNoun(stem)) return particle.Length;
        }
        return 0;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> word, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (word.StartsWith(prefix)) return true;
        }
        return false;
    }

    private static Follow Next(params string[] syllables) =>
        new(syllables.Contains(""), syllables.Where(x => x.Length == 1).Select(x => x[0]).ToFrozenSet());

    /// <summary>What may follow a light verb: the end of the word and/or these syllables; null syllables: anything.</summary>
    private readonly record struct Follow(bool End, FrozenSet<char>? Syllables)
    {
        public static Follow Any { get; } = new(true, null);
    }
}
