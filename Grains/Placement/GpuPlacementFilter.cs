using Orleans.Placement;

namespace Counseling.Grains.Placement;

/// <summary>Places a grain's activations on silos whose metadata says <c>role = gpu</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuPlacementFilterAttribute() : PlacementFilterAttribute(new GpuPlacementFilterStrategy());

public sealed class GpuPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);
