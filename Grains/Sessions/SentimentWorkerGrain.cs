using Counseling.Grains.Interfaces;
using Counseling.Grains.Placement;
using Orleans.Concurrency;

namespace Counseling.Grains.Sessions;

/// <summary>
/// Stateless, on GPU silos where there are any: hands sentences to its silo's batcher, which runs the
/// ONNX session. Several activations per silo only queue into the same batcher.
/// </summary>
[StatelessWorker]
[GpuPlacementFilter]
public sealed class SentimentWorkerGrain(SentimentBatcher batcher, ILocalSiloDetails silo) : Grain, ISentimentWorkerGrain
{
    public Task<SentimentScore[]> Score(string[] sentences) => batcher.Score(sentences);

    public Task<string> Where() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
