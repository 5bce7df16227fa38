namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// How an outcome sounds: the counselor's resolution lines (templates with {subject}), the customer's
/// reactions and mood lines, and how often the shared cues (thanks, apology, system talk) show up.
/// The rates overlap on purpose: every cue appears under every outcome, only more or less often.
/// </summary>
internal sealed record OutcomeCues(
    IReadOnlyList<string> Resolutions,
    IReadOnlyList<string> Reactions,
    IReadOnlyList<string> Moods,
    double ThanksRate,
    double ApologyRate,
    double SystemRate,
    double MoodRate,
    string Neighbour)
{
    public static OutcomeCues For(string outcome) => outcome switch
    {
        OutcomeLabel.Satisfied => Satisfied,
        OutcomeLabel.Unsolvable => Unsolvable,
        OutcomeLabel.Insufficient => Insufficient,
        OutcomeLabel.FollowUp => FollowUp,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not an outcome label"),
    };

    private static readonly OutcomeCues Satisfied = new(
        Resolutions:
        [
            "{subject} 건은 지금 바로 처리해 드렸습니다.",
            "말씀하신 대로 {subject} 접수 완료되었습니다.",
            "확인해 보니 정상적으로 처리된 상태입니다.",
            "네 이제 바로 이용하실 수 있으십니다.",
            "처리 결과는 문자로 보내드렸습니다.",
            "{subject} 관련해서는 그렇게 하시면 되고요, 추가로 하실 건 없습니다.",
            "네 변경 완료됐습니다. 오늘부터 적용됩니다.",
        ],
        Reactions:
        [
            "아 그렇구나, 이제 알겠어요.", "아 다행이다.", "생각보다 간단하네요.", "네네 이해됐어요.",
            "친절하게 설명해 주셔서 감사해요.", "아 그럼 된 거죠?", "아 속이 시원하네요.", "네 좋아요.",
        ],
        Moods: ["아 그래요? 잘됐네요.", "네 그렇게 해주세요.", "아 편하네요."],
        ThanksRate: 0.85, ApologyRate: 0.15, SystemRate: 0.12, MoodRate: 0.10,
        Neighbour: OutcomeLabel.FollowUp);

    private static readonly OutcomeCues Unsolvable = new(
        Resolutions:
        [
            "죄송하지만 {subject} 건은 규정상 처리해 드리기 어렵습니다.",
            "현재 전산 장애로 조회 자체가 안 되고 있습니다.",
            "그 부분은 정책상 예외 적용이 불가능합니다.",
            "이미 기간이 지나서 {subject} 처리는 안 됩니다.",
            "저희 쪽 권한으로는 변경해 드릴 수 없는 부분이에요.",
            "{subject} 관련해서는 법적으로 정해진 부분이라 저희가 바꿀 수가 없습니다.",
            "시스템 오류가 복구되기 전까지는 진행이 안 됩니다.",
        ],
        Reactions:
        [
            "아 그럼 방법이 아예 없는 거예요?", "그럼 어쩔 수 없네요.", "아니 그게 말이 돼요?",
            "그럼 저는 어떻게 하라는 거예요?", "하… 알겠어요.", "아 진짜 난감하네요.", "그럼 안 되는 거네요.",
        ],
        Moods: ["아 진짜 급한데요.", "이거 때문에 하루 종일 못 했어요.", "왜 이렇게 복잡해요?"],
        ThanksRate: 0.50, ApologyRate: 0.70, SystemRate: 0.55, MoodRate: 0.22,
        Neighbour: OutcomeLabel.FollowUp);

    private static readonly OutcomeCues Insufficient = new(
        Resolutions:
        [
            "그건 홈페이지 보시면 다 나와 있어요.",
            "저희도 거기까지는 잘 모르겠습니다.",
            "그건 제 담당이 아니라서요.",
            "네 그냥 그렇게 하시면 돼요.",
            "아까 말씀드렸잖아요.",
            "일단 기다려 보세요.",
            "{subject} 건은 제가 정확히는 모르겠는데 아마 될 거예요.",
        ],
        Reactions:
        [
            "아니 그러니까 제 말은 그게 아니라요.", "설명이 좀 이해가 안 되는데요.", "벌써 세 번째 전화하는 거예요.",
            "네… 뭐 알겠습니다.", "좀 제대로 알려주시면 안 돼요?", "아까랑 말이 다르시네요.", "그게 다예요?",
        ],
        Moods: ["아니 왜 말을 자르세요?", "좀 천천히 말씀해 주세요.", "짜증나네 진짜.", "답답하네요."],
        ThanksRate: 0.35, ApologyRate: 0.30, SystemRate: 0.20, MoodRate: 0.28,
        Neighbour: OutcomeLabel.Unsolvable);

    private static readonly OutcomeCues FollowUp = new(
        Resolutions:
        [
            "{subject} 건은 담당 부서로 연결해 드리겠습니다.",
            "확인 후에 다시 연락드리겠습니다.",
            "관련 서류 보내주시면 검토 후에 안내드리겠습니다.",
            "직접 방문하셔서 추가로 상담 받으셔야 할 것 같습니다.",
            "전산 확인에 시간이 걸려서 내일 중으로 회신드리겠습니다.",
            "심사 결과 나오면 문자로 안내드리겠습니다.",
            "{subject} 관련해서는 규정상 추가 확인이 필요해서 담당자가 전화드릴 거예요.",
        ],
        Reactions:
        [
            "아 그럼 연락 기다리면 되는 거죠?", "서류는 뭐 뭐 준비하면 돼요?", "언제쯤 연락 와요?",
            "네 그럼 기다릴게요.", "또 전화해야 되는 거예요?", "아 네 연결해 주세요.", "방문은 몇 시까지 가면 돼요?",
        ],
        Moods: ["아 복잡하네요.", "한 번에 되면 좋겠는데.", "그럼 오늘은 안 되는 거죠?"],
        ThanksRate: 0.70, ApologyRate: 0.40, SystemRate: 0.40, MoodRate: 0.14,
        Neighbour: OutcomeLabel.Satisfied);
}
