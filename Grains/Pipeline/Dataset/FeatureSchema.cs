using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Dataset;

/// <summary>
/// The ordered feature vector the outcome model reads. The version changes whenever the names or
/// their order change, so a model trained on one vector is never fed another.
/// </summary>
public sealed record FeatureSchema(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("categorical")] IReadOnlyList<string> Categorical,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes)
{
    public static readonly IReadOnlyList<string> OutcomeClasses = ["해결 불가", "만족", "미흡", "추가 상담 필요"];

    public static readonly IReadOnlyList<string> CategoricalFeatures =
        ["mid_category", "content_category", "rec_place", "sent_label", "customer_sent_label", "counselor_sent_label"];

    public static FeatureSchema Current { get; } = new("1", [
        "speech_count", "avg_sentence_length", "total_characters",
        "overall_sentiment", "emo_1_star_score", "emo_2_star_score", "emo_3_star_score", "emo_4_star_score", "emo_5_star_score",
        "customer_overall_sentiment", "customer_emo_1_star_score", "customer_emo_2_star_score", "customer_emo_3_star_score",
        "customer_emo_4_star_score", "customer_emo_5_star_score",
        "counselor_overall_sentiment", "counselor_emo_1_star_score", "counselor_emo_2_star_score", "counselor_emo_3_star_score",
        "counselor_emo_4_star_score", "counselor_emo_5_star_score",
        "honorific_ratio", "positive_word_ratio", "euphonious_word_ratio", "question_count", "exclamation_count",
        "script_phrase_ratio", "confirmation_ratio", "empathy_ratio", "apology_ratio", "request_ratio",
        "solution_offer_count", "conflict_flag", "manual_compliance_ratio",
        .. CategoricalFeatures,
    ], CategoricalFeatures, OutcomeClasses);

    public int Width => Features.Count;

    /// <summary>Why <paramref name="other"/> cannot be read as this schema, or null when it can.</summary>
    public string? MismatchWith(FeatureSchema other)
    {
        if (other.Version != Version) return $"feature schema version {other.Version} is not {Version}";
        if (!other.Features.SequenceEqual(Features))
        {
            var at = Enumerable.Range(0, Math.Min(Features.Count, other.Features.Count)).FirstOrDefault(i => Features[i] != other.Features[i], -1);
            return at >= 0
                ? $"feature {at} is '{other.Features[at]}', expected '{Features[at]}'"
                : $"{other.Features.Count} features, expected {Features.Count}";
        }
        if (!other.Classes.SequenceEqual(Classes)) return $"classes [{string.Join(", ", other.Classes)}] are not [{string.Join(", ", Classes)}]";
        return null;
    }
}
