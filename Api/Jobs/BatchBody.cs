using Counseling.Grains.Interfaces;

namespace Counseling.Api.Jobs;

/// <summary>A batch's progress as the API shows it, for Callytics batches and processing tasks alike.</summary>
internal static class BatchBody
{
    public static Dictionary<string, object?> Progress(BatchView view, string stateWord) => new()
    {
        ["status"] = stateWord,
        ["total"] = view.Total,
        ["counts"] = view.Counts(),
        ["percent"] = view.Percent,
        ["max_concurrent"] = view.MaxConcurrent,
        ["peak_in_flight"] = view.PeakInFlight,
        ["created_at"] = view.CreatedAt,
        ["finished_at"] = view.FinishedAt,
        ["sessions"] = view.Sessions.Select(s => new
        {
            session_id = s.SessionId,
            status = s.Status,
            prediction = s.Prediction,
            confidence = s.Confidence,
            error = s.Error,
        }).ToArray(),
    };

    public static IResult NotFound(string what, string field, string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: $"{what} not found", detail: $"No {what.ToLowerInvariant()} '{id}' exists.",
        extensions: new Dictionary<string, object?> { [field] = id });
}
