using System.Globalization;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Api.Predictions;

/// <summary>
/// The query of <c>GET /api/v1/predictions/history</c>, read from strings so that every bad value answers a
/// 400 naming its parameter instead of model binding's generic failure.
/// </summary>
internal sealed record HistoryParameters(DateTimeOffset? From, DateTimeOffset? To, string? Label, int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public HistoryFilter Filter => new(From, To, Label, (Page - 1) * PageSize, PageSize);

    public static (HistoryParameters? Parameters, Dictionary<string, string[]> Errors) Read(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var from = Time(query, "from", errors);
        var to = Time(query, "to", errors);
        if (from is not null && to is not null && to <= from) errors["to"] = ["to must be later than from."];

        string? label = null;
        if (query.TryGetValue("label", out var labels))
        {
            label = labels.ToString();
            if (!OutcomeLabel.All.Contains(label))
                errors["label"] = [$"label must be one of {string.Join(", ", OutcomeLabel.All)}."];
        }

        var page = Number(query, "page", 1, 1, int.MaxValue, errors);
        var pageSize = Number(query, "page_size", DefaultPageSize, 1, MaxPageSize, errors);
        if (errors.Count == 0 && (long)(page - 1) * pageSize > int.MaxValue) errors["page"] = ["page is too large for this page_size."];
        return errors.Count > 0 ? (null, errors) : (new HistoryParameters(from, to, label, page, pageSize), errors);
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        // A time without an offset is read as UTC, the zone every stored time is in.
        if (DateTimeOffset.TryParse(values.ToString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)) return at;
        errors[name] = [$"{name} must be an ISO-8601 time such as 2025-01-01T09:00:00Z."];
        return null;
    }

    private static int Number(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values)) return fallback;
        if (int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        errors[name] = [max == int.MaxValue ? $"{name} must be a whole number of at least {min}." : $"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }
}
