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
    public Task<EncodedRow> BuildRow(string featuresJson)
    {
        var features = JsonSerializer.Deserialize<SessionFeatures>(featuresJson)
            ?? throw new ArgumentException("Features JSON is empty.", nameof(featuresJson));
        var model = active.Current;
        return Task.FromResult(new EncodedRow(FeatureRow.From(features, model.Metadata.Encoders), model.Version));
    }

    public Task<OutcomeView?> Predict(EncodedRow row)
    {
        var model = active.Current;
        if (model.Version != row.ModelVersion) return Task.FromResult<OutcomeView?>(null);
        var prediction = model.Predict(row.Values);
        return Task.FromResult<OutcomeView?>(new OutcomeView(prediction.Label, prediction.Confidence, prediction.Distribution, prediction.ModelVersion));
    }

    public Task<string> ModelVersion() => Task.FromResult(active.Current.Version);
}
