using System.Text.Json;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Orleans.Concurrency;

namespace Counseling.Grains.Sessions;

/// <summary>
/// Stateless, one activation per silo: holds the outcome model its silo loaded at start-up
/// (<see cref="OutcomeModel"/> is thread-safe, so calls interleave freely).
/// </summary>
[StatelessWorker(1)]
[Reentrant]
public sealed class PredictorGrain(OutcomeModel model) : Grain, IPredictorGrain
{
    public Task<float[]> BuildRow(string featuresJson)
    {
        var features = JsonSerializer.Deserialize<SessionFeatures>(featuresJson)
            ?? throw new ArgumentException("Features JSON is empty.", nameof(featuresJson));
        return Task.FromResult(FeatureRow.From(features, model.Metadata.Encoders));
    }

    public Task<OutcomeView> Predict(float[] row)
    {
        var prediction = model.Predict(row);
        return Task.FromResult(new OutcomeView(prediction.Label, prediction.Confidence, prediction.Distribution, prediction.ModelVersion));
    }

    public Task<string> ModelVersion() => Task.FromResult(model.Version);
}
