using System.Text.Json;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Models;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Orleans.Concurrency;

namespace Counseling.Grains.Sessions;

/// <summary>
/// Stateless, one activation per silo: predicts with the model its silo serves now, which the registry
/// may swap between two calls (<see cref="ActiveOutcomeModel"/>; the model itself is thread-safe, so
/// calls interleave freely).
/// </summary>
[StatelessWorker(1)]
[Reentrant]
public sealed class PredictorGrain(ActiveOutcomeModel active) : Grain, IPredictorGrain
{
    public Task<float[]> BuildRow(string featuresJson)
    {
        var features = JsonSerializer.Deserialize<SessionFeatures>(featuresJson)
            ?? throw new ArgumentException("Features JSON is empty.", nameof(featuresJson));
        return Task.FromResult(FeatureRow.From(features, active.Current.Metadata.Encoders));
    }

    public Task<OutcomeView> Predict(float[] row)
    {
        var prediction = active.Current.Predict(row);
        return Task.FromResult(new OutcomeView(prediction.Label, prediction.Confidence, prediction.Distribution, prediction.ModelVersion));
    }

    public Task<string> ModelVersion() => Task.FromResult(active.Current.Version);
}
