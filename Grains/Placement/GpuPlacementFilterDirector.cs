using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Counseling.Grains.Placement;

/// <summary>
/// Keeps the GPU silos among the candidates. Without any, falls back to every candidate, unless strict
/// placement is configured: then no silo qualifies and the call fails with a placement error.
/// </summary>
public sealed class GpuPlacementFilterDirector(ISiloMetadataCache metadata, IOptions<SentimentPlacementOptions> options)
    : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var candidates = silos.ToArray();
        var gpu = candidates.Where(IsGpu).ToArray();
        if (gpu.Length > 0) return gpu;
        return options.Value.StrictGpuPlacement ? [] : candidates;
    }

    private bool IsGpu(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloRoles.MetadataKey, out var role)
        && string.Equals(role, SiloRoles.Gpu, StringComparison.OrdinalIgnoreCase);
}
