namespace Counseling.Grains.Placement;

/// <summary>Silo roles as silo metadata carries them (<c>Silo__Role</c> in configuration).</summary>
public static class SiloRoles
{
    public const string MetadataKey = "role";
    public const string Gpu = "gpu";
    public const string Cpu = "cpu";
}

/// <summary>How sentiment workers are placed.</summary>
public sealed class SentimentPlacementOptions
{
    /// <summary>
    /// With no GPU silo in the cluster, refuse to place a worker instead of falling back to any silo.
    /// Off by default: a cluster without GPUs still answers, only slower.
    /// </summary>
    public bool StrictGpuPlacement { get; set; }
}
