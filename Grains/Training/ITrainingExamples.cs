namespace Counseling.Grains.Training;

/// <summary>
/// The labelled sessions stored so far, as features and label: what a retrain from the database reads.
/// One example per session (its latest labelled version); deleting the session deletes its example.
/// </summary>
public interface ITrainingExamples
{
    /// <summary>Adds the example or replaces the session's earlier one.</summary>
    Task Record(TrainingExample example);

    Task Delete(string sessionId);

    /// <summary>Every example, in session_id order so the same rows always give the same split.</summary>
    Task<IReadOnlyList<TrainingExample>> List();

    /// <summary>Examples per label, without reading their features: enough to refuse a retrain at once.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByLabel();
}

/// <summary>
/// One labelled session's stage-2 features (serialized <see cref="Pipeline.Features.SessionFeatures"/>, with
/// no consultation text and no nouns) and its <c>상담 결과</c>.
/// </summary>
public sealed record TrainingExample(string SessionId, int SessionVersion, string Label, string FeaturesJson, DateTimeOffset RecordedAt);
