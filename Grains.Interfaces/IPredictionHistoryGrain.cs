namespace Counseling.Grains.Interfaces;

/// <summary>
/// The prediction history as the Api reads it. A stateless worker in front of the silo's history store, so
/// an Api that is only an Orleans client needs no database access of its own.
/// </summary>
[Alias("counseling.prediction-history")]
public interface IPredictionHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>One page, newest first, with the number of rows the filter matches.</summary>
    [Alias("page")]
    Task<HistoryPage> Page(HistoryFilter filter);

    /// <summary>Predictions per label, counted by the store.</summary>
    [Alias("labels")]
    Task<IReadOnlyDictionary<string, long>> CountByLabel();

    /// <summary>Predictions completed per minute since <paramref name="since"/>; minutes without any are left out.</summary>
    [Alias("per-minute")]
    Task<IReadOnlyList<MinuteCount>> CompletedPerMinute(DateTimeOffset since);
}

/// <summary>Filters of a history page; null means no filter. <see cref="To"/> is exclusive.</summary>
[GenerateSerializer, Immutable, Alias("counseling.history-filter")]
public sealed record HistoryFilter(
    [property: Id(0)] DateTimeOffset? From,
    [property: Id(1)] DateTimeOffset? To,
    [property: Id(2)] string? Label,
    [property: Id(3)] int Offset,
    [property: Id(4)] int Limit);

[GenerateSerializer, Immutable, Alias("counseling.history-entry")]
public sealed record HistoryEntry(
    [property: Id(0)] string SessionId,
    [property: Id(1)] int SessionVersion,
    [property: Id(2)] string Label,
    [property: Id(3)] double Confidence,
    [property: Id(4)] IReadOnlyDictionary<string, double> Probabilities,
    [property: Id(5)] string ModelVersion,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset CompletedAt);

[GenerateSerializer, Immutable, Alias("counseling.history-page")]
public sealed record HistoryPage(
    [property: Id(0)] IReadOnlyList<HistoryEntry> Entries,
    [property: Id(1)] long Total);

[GenerateSerializer, Immutable, Alias("counseling.minute-count")]
public sealed record MinuteCount(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] long Completed);
