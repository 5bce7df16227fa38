using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Features;

/// <summary>Everything stage 2 extracts from one session, grouped and named as the API returns it.</summary>
public sealed record SessionFeatures(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("basic_stats")] BasicStats BasicStats,
    [property: JsonPropertyName("sentiment_analysis")] SentimentAnalysis SentimentAnalysis,
    [property: JsonPropertyName("text_features")] TextFeatures TextFeatures,
    [property: JsonPropertyName("dialogue_patterns")] DialoguePatterns DialoguePatterns,
    [property: JsonPropertyName("categories")] Categories Categories);

public sealed record BasicStats(
    [property: JsonPropertyName("speech_count")] int SpeechCount,
    [property: JsonPropertyName("avg_sentence_length")] double AvgSentenceLength,
    [property: JsonPropertyName("total_characters")] int TotalCharacters);

/// <summary>
/// Star means over sentences (emo_k = mean p(k stars)), overall = Σ k·emo_k, and its label
/// (긍정 ≥ 3.5, 중립 ≥ 2.5, else 부정) — for the whole session, the customer and the counselor.
/// </summary>
public sealed record SentimentAnalysis(
    [property: JsonPropertyName("overall_sentiment")] double OverallSentiment,
    [property: JsonPropertyName("emo_1_star_score")] double Emo1StarScore,
    [property: JsonPropertyName("emo_2_star_score")] double Emo2StarScore,
    [property: JsonPropertyName("emo_3_star_score")] double Emo3StarScore,
    [property: JsonPropertyName("emo_4_star_score")] double Emo4StarScore,
    [property: JsonPropertyName("emo_5_star_score")] double Emo5StarScore,
    [property: JsonPropertyName("sent_label")] string SentLabel,
    [property: JsonPropertyName("customer_overall_sentiment")] double CustomerOverallSentiment,
    [property: JsonPropertyName("customer_emo_1_star_score")] double CustomerEmo1StarScore,
    [property: JsonPropertyName("customer_emo_2_star_score")] double CustomerEmo2StarScore,
    [property: JsonPropertyName("customer_emo_3_star_score")] double CustomerEmo3StarScore,
    [property: JsonPropertyName("customer_emo_4_star_score")] double CustomerEmo4StarScore,
    [property: JsonPropertyName("customer_emo_5_star_score")] double CustomerEmo5StarScore,
    [property: JsonPropertyName("customer_sent_label")] string CustomerSentLabel,
    [property: JsonPropertyName("counselor_overall_sentiment")] double CounselorOverallSentiment,
    [property: JsonPropertyName("counselor_emo_1_star_score")] double CounselorEmo1StarScore,
    [property: JsonPropertyName("counselor_emo_2_star_score")] double CounselorEmo2StarScore,
    [property: JsonPropertyName("counselor_emo_3_star_score")] double CounselorEmo3StarScore,
    [property: JsonPropertyName("counselor_emo_4_star_score")] double CounselorEmo4StarScore,
    [property: JsonPropertyName("counselor_emo_5_star_score")] double CounselorEmo5StarScore,
    [property: JsonPropertyName("counselor_sent_label")] string CounselorSentLabel)
{
    public const string Positive = "긍정";
    public const string Neutral = "중립";
    public const string Negative = "부정";

    public static string LabelOf(double overall) => overall >= 3.5 ? Positive : overall >= 2.5 ? Neutral : Negative;
}

public sealed record TextFeatures(
    [property: JsonPropertyName("top_nouns")] IReadOnlyList<string> TopNouns,
    [property: JsonPropertyName("honorific_ratio")] double HonorificRatio,
    [property: JsonPropertyName("positive_word_ratio")] double PositiveWordRatio,
    [property: JsonPropertyName("euphonious_word_ratio")] double EuphoniousWordRatio,
    [property: JsonPropertyName("question_count")] int QuestionCount,
    [property: JsonPropertyName("exclamation_count")] int ExclamationCount);

public sealed record DialoguePatterns(
    [property: JsonPropertyName("script_phrase_ratio")] double ScriptPhraseRatio,
    [property: JsonPropertyName("confirmation_ratio")] double ConfirmationRatio,
    [property: JsonPropertyName("empathy_ratio")] double EmpathyRatio,
    [property: JsonPropertyName("apology_ratio")] double ApologyRatio,
    [property: JsonPropertyName("request_ratio")] double RequestRatio,
    [property: JsonPropertyName("solution_offer_count")] int SolutionOfferCount,
    [property: JsonPropertyName("conflict_flag")] bool ConflictFlag,
    [property: JsonPropertyName("manual_compliance_ratio")] double ManualComplianceRatio);

public sealed record Categories(
    [property: JsonPropertyName("mid_category")] string? MidCategory,
    [property: JsonPropertyName("content_category")] string? ContentCategory,
    [property: JsonPropertyName("rec_place")] string? RecPlace);
