using Orleans.Placement;

namespace Counseling.Grains.Placement;

/// <summary>
/// Places a grain on the silo its string key names (<c>SiloAddress.ToParsableString()</c>): one activation per
/// silo, reached by asking for that silo's key, for grains that report on the silo they run in.
/// </summary>
[GenerateSerializer, Immutable, Alias("counseling.silo-keyed-placement")]
public sealed class SiloKeyedPlacement : PlacementStrategy
{
    public static readonly SiloKeyedPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloKeyedPlacementAttribute() : PlacementAttribute(SiloKeyedPlacement.Instance);
