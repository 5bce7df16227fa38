using System.Text.Json.Serialization;
using Counseling.Grains.Pipeline.Features;

namespace Counseling.Grains.Pipeline.Dataset;

/// <summary>One fitted encoder per categorical feature, stored with the model that learned them.</summary>
public sealed record FeatureEncoders(
    [property: JsonPropertyName("mid_category")] CategoryEncoder MidCategory,
    [property: JsonPropertyName("content_category")] CategoryEncoder ContentCategory,
    [property: JsonPropertyName("rec_place")] CategoryEncoder RecPlace,
    [property: JsonPropertyName("sent_label")] CategoryEncoder SentLabel)
{
    public static FeatureEncoders Fit(IReadOnlyCollection<SessionFeatures> sessions) => new(
        CategoryEncoder.Fit(sessions.Select(s => s.Categories.MidCategory)),
        CategoryEncoder.Fit(sessions.Select(s => s.Categories.ContentCategory)),
        CategoryEncoder.Fit(sessions.Select(s => s.Categories.RecPlace)),
        // Sentiment labels are a closed set: fixed ids, whatever the data holds.
        new CategoryEncoder(new Dictionary<string, int>
        {
            [SentimentAnalysis.Negative] = 1,
            [SentimentAnalysis.Neutral] = 2,
            [SentimentAnalysis.Positive] = 3,
        }));
}
