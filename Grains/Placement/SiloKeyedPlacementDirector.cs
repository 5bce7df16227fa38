using Orleans.Runtime.Placement;

namespace Counseling.Grains.Placement;

/// <summary>
/// Chooses the silo the grain's key names. A key naming no compatible silo (one that has died, or a key that
/// is no silo address) is refused rather than placed elsewhere, where the grain would report on the wrong silo.
/// </summary>
public sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        SiloAddress wanted;
        try
        {
            wanted = SiloAddress.FromParsableString(key);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new OrleansException($"Grain key '{key}' of {target.GrainIdentity.Type} names no silo address.", e);
        }
        if (context.GetCompatibleSilos(target).Contains(wanted)) return Task.FromResult(wanted);
        throw new SiloUnavailableException($"Silo {key} is not an active silo of this cluster.");
    }
}
