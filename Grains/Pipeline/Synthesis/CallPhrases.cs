namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// Speech that belongs to no domain and no outcome: fillers, holds, small confirmations, closings.
/// It is the bulk of a real call, and it is why the outcome has to be read from a few lines among many.
/// </summary>
internal static class CallPhrases
{
    public static IReadOnlyList<string> CustomerFillers { get; } =
        ["네.", "네", "어", "음…", "아 네네", "예.", "아", "네네", "그…", "으음", "어어", "예예", "아 예"];

    public static IReadOnlyList<string> CounselorFillers { get; } =
        ["네.", "네 고객님.", "네네", "예.", "아 네.", "음…", "네 맞습니다.", "그렇죠."];

    public static IReadOnlyList<string> CustomerLeadIns { get; } =
        ["어… ", "아 ", "그… ", "저기 ", "아 네 ", "음 ", "근데 ", "그러니까 "];

    public static IReadOnlyList<string> CounselorLeadIns { get; } =
        ["네 고객님, ", "아 네, ", "음… ", "네네 ", "네 "];

    // Only in front of an answer or a finding; before a question they would not make sense.
    public static IReadOnlyList<string> CounselorAnswerLeadIns { get; } =
        ["네 고객님, ", "네 확인해 보니까 ", "아 네, ", "네 "];

    public static IReadOnlyList<string> CustomerTopicShifts { get; } =
        ["그리고 하나 더 여쭤볼게요, ", "아 그리고 ", "참, 그리고 "];

    public static IReadOnlyList<string> CallerFirst { get; } =
        ["여보세요?", "여보세요, 저기요.", "아 네 여보세요."];

    public static IReadOnlyList<string> VerificationThanks { get; } =
        ["네 확인 감사합니다.", "네 본인 확인되셨습니다.", "네 확인됐습니다.", "네."];

    public static IReadOnlyList<Exchange> Holds { get; } =
    [
        new("확인해 보겠습니다. 잠시만 기다려 주시겠어요?", "네."),
        new("잠시만요, 조회해 보겠습니다.", "네 네."),
        new("전산 확인 중이니까 잠시만 기다려 주세요.", "아 네."),
        new("잠깐 대기해 주시겠습니까?", "네 알겠어요."),
    ];

    public static IReadOnlyList<string> AfterHold { get; } =
        ["기다려 주셔서 감사합니다.", "네 고객님 오래 기다리셨습니다.", "네 확인됐습니다.", "네 고객님."];

    public static IReadOnlyList<string> CounselorChecks { get; } =
    [
        "제가 이해한 게 맞는지 다시 한번 확인해 드릴게요.",
        "혹시 다른 궁금하신 점 있으실까요?",
        "말씀하신 내용 정리해 보면 그렇게 되시는 거죠?",
        "네 그 부분 메모해 두겠습니다.",
        "지금 화면상으로 보이는 건 그렇습니다.",
    ];

    public static IReadOnlyList<string> CustomerAsides { get; } =
    [
        "아 그래요?", "그렇구나.", "잠깐만요, 메모 좀 할게요.", "아 그런 거였어요?", "네 그래서요?",
        "아 잠시만요, 애가 울어서…", "아 그건 몰랐네요.", "네 듣고 있어요.", "지금 밖이라서 잘 안 들려요.",
    ];

    public static IReadOnlyList<string> CounselorClosingQuestions { get; } =
        ["더 궁금하신 점 있으실까요?", "다른 문의 사항은 없으세요?", "추가로 도와드릴 부분 있으실까요?", "또 필요하신 거 있으세요?"];

    public static IReadOnlyList<string> CustomerNoMore { get; } =
        ["아니요 없어요.", "네 그거면 돼요.", "아뇨.", "네 그게 다예요.", "없어요."];

    public static IReadOnlyList<string> CounselorSignOffs { get; } =
    [
        "네 감사합니다. 상담사 ▲▲▲였습니다.",
        "좋은 하루 되세요.",
        "네 이용해 주셔서 감사합니다.",
        "네 들어가세요.",
        "네 행복한 하루 보내세요.",
        "네.",
    ];

    public static IReadOnlyList<string> CustomerThanks { get; } =
        ["감사합니다.", "네 감사합니다~", "고맙습니다.", "네 수고하세요.", "네 감사해요 수고하세요.", "아 네 고맙습니다."];

    public static IReadOnlyList<string> CustomerPlainEnds { get; } =
        ["네.", "네 알겠어요.", "네 끊을게요.", "알겠습니다.", "네 그럼.", "예."];

    public static IReadOnlyList<string> Apologies { get; } =
        ["죄송합니다.", "불편을 드려서 정말 죄송합니다.", "기다리시게 해서 죄송합니다.", "번거롭게 해 드려 죄송합니다."];

    public static IReadOnlyList<string> Empathy { get; } =
        ["많이 불편하셨겠어요.", "네 그러셨군요.", "충분히 그러실 수 있습니다.", "네 걱정되셨겠네요.", "네 이해합니다."];

    /// <summary>
    /// System and policy talk. Unsolvable calls lean on it, but follow-ups, and now and then any call,
    /// use the same words, so it is a hint and never a verdict.
    /// </summary>
    public static IReadOnlyList<string> SystemAndPolicy { get; } =
    [
        "지금 전산이 좀 느려서요.",
        "규정상 본인 확인이 먼저 필요합니다.",
        "시스템상으로는 그렇게 나와 있습니다.",
        "정책이 올해부터 바뀌어서요.",
        "현재 시스템 점검 시간이라 일부 조회가 제한됩니다.",
        "내부 규정에 따라서 진행되는 부분이라서요.",
    ];
}
