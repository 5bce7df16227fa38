using Counseling.Grains.Pipeline.Features;

namespace Counseling.Grains.Pipeline.Dataset;

/// <summary>Stage 3: one session's features as the ordered vector of <see cref="FeatureSchema.Current"/>.</summary>
public static class FeatureRow
{
    public static float[] From(SessionFeatures f, FeatureEncoders encoders)
    {
        var b = f.BasicStats;
        var s = f.SentimentAnalysis;
        var t = f.TextFeatures;
        var d = f.DialoguePatterns;
        var c = f.Categories;
        float[] row =
        [
            b.SpeechCount, (float)b.AvgSentenceLength, b.TotalCharacters,
            (float)s.OverallSentiment, (float)s.Emo1StarScore, (float)s.Emo2StarScore, (float)s.Emo3StarScore, (float)s.Emo4StarScore, (float)s.Emo5StarScore,
            (float)s.CustomerOverallSentiment, (float)s.CustomerEmo1StarScore, (float)s.CustomerEmo2StarScore, (float)s.CustomerEmo3StarScore,
            (float)s.CustomerEmo4StarScore, (float)s.CustomerEmo5StarScore,
            (float)s.CounselorOverallSentiment, (float)s.CounselorEmo1StarScore, (float)s.CounselorEmo2StarScore, (float)s.CounselorEmo3StarScore,
            (float)s.CounselorEmo4StarScore, (float)s.CounselorEmo5StarScore,
            (float)t.HonorificRatio, (float)t.PositiveWordRatio, (float)t.EuphoniousWordRatio, t.QuestionCount, t.ExclamationCount,
            (float)d.ScriptPhraseRatio, (float)d.ConfirmationRatio, (float)d.EmpathyRatio, (float)d.ApologyRatio, (float)d.RequestRatio,
            d.SolutionOfferCount, d.ConflictFlag ? 1 : 0, (float)d.ManualComplianceRatio,
            encoders.MidCategory.Encode(c.MidCategory), encoders.ContentCategory.Encode(c.ContentCategory), encoders.RecPlace.Encode(c.RecPlace),
            encoders.SentLabel.Encode(s.SentLabel), encoders.SentLabel.Encode(s.CustomerSentLabel), encoders.SentLabel.Encode(s.CounselorSentLabel),
        ];
        if (row.Length != FeatureSchema.Current.Width)
            throw new InvalidOperationException($"Feature row has {row.Length} values; schema {FeatureSchema.Current.Version} has {FeatureSchema.Current.Width}.");
        return row;
    }
}
