namespace Counseling.Api.Callytics;

/// <summary>The answers every endpoint that takes a session id gives about it.</summary>
internal static class SessionProblems
{
    /// <summary>What a field that must hold a session id (or an id under the same rule) is told when it does not.</summary>
    public static string IdRule(string field) =>
        $"{field} must be 1–{CallyticsLimits.MaxSessionIdLength} letters, digits, '-' or '_'.";

    public static IResult NotFound(string sessionId) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Session not found", detail: $"No session '{sessionId}' has been submitted or uploaded.",
        extensions: new Dictionary<string, object?> { ["session_id"] = sessionId });
}
