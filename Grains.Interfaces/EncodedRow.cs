namespace Counseling.Grains.Interfaces;

/// <summary>A session's feature row and the model version whose encoders produced it.</summary>
[GenerateSerializer, Immutable, Alias("counseling.encoded-row")]
public sealed record EncodedRow([property: Id(0)] float[] Values, [property: Id(1)] string ModelVersion);
