namespace Counseling.Grains.Interfaces;

/// <summary>A prediction as grains pass it: label, its probability, the distribution and the model version.</summary>
[GenerateSerializer, Immutable, Alias("counseling.outcome-view")]
public sealed record OutcomeView(
    [property: Id(0)] string Label,
    [property: Id(1)] double Confidence,
    [property: Id(2)] IReadOnlyDictionary<string, double> Distribution,
    [property: Id(3)] string ModelVersion);
