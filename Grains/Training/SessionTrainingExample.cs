using System.Text.Encodings.Web;
using System.Text.Json;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Grains.Training;

/// <summary>What a session that carried a <c>상담 결과</c> leaves for retraining once its row is built.</summary>
public static class SessionTrainingExample
{
    private static readonly JsonSerializerOptions Stored = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The example, or null when the submission has no label or one that is not an outcome class (it could
    /// not train anything). Top nouns are dropped: they are words of the consultation and no feature reads them.
    /// </summary>
    public static TrainingExample? Of(string sessionId, int sessionVersion, SessionSubmission submission, string featuresJson)
    {
        var label = new Session(sessionId, [], submission.Instructions.Select(i => new Instruction(i.TaskCategory, i.Output)).ToArray(),
            submission.Metadata).Outcome?.Trim();
        if (label is null || !FeatureSchema.Current.Classes.Contains(label)) return null;
        var features = JsonSerializer.Deserialize<SessionFeatures>(featuresJson)
            ?? throw new ArgumentException("Features JSON is empty.", nameof(featuresJson));
        features = features with { TextFeatures = features.TextFeatures with { TopNouns = [] } };
        return new TrainingExample(sessionId, sessionVersion, label, JsonSerializer.Serialize(features, Stored), DateTimeOffset.UtcNow);
    }
}
