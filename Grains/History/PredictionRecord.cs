namespace Counseling.Grains.History;

/// <summary>One answered prediction: what the history endpoints and statistics read.</summary>
public sealed record PredictionRecord(
    string SessionId,
    int SessionVersion,
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double> Probabilities,
    string ModelVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset CompletedAt);

/// <summary>Filters of a history query; null means no filter. Newest first.</summary>
public sealed record HistoryQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Label = null, int Offset = 0, int Limit = 100);
