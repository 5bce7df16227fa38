namespace Counseling.Grains.Interfaces;

/// <summary>Holds the active outcome model: builds a session's feature row and predicts from it.</summary>
[Alias("counseling.predictor")]
public interface IPredictorGrain : IGrainWithIntegerKey
{
    /// <summary>Stage 3: the feature row, encoded with the active model's encoders.</summary>
    /// <param name="featuresJson">The session's features as snake_case JSON.</param>
    [Alias("build")]
    Task<EncodedRow> BuildRow(string featuresJson);

    /// <summary>
    /// Stage 4: the prediction for a row built by <see cref="BuildRow"/>, or null when the silo now serves
    /// another version than the one that encoded the row: its categories would be read with other codes.
    /// </summary>
    [Alias("predict")]
    Task<OutcomeView?> Predict(EncodedRow row);

    [Alias("version")]
    Task<string> ModelVersion();
}
