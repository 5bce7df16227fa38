using System.Globalization;
using Counseling.Api.Limits;
using Counseling.Api.Security;

namespace Counseling.Api.Operations;

/// <summary>Recent log entries of the whole cluster: every silo's buffer, merged newest first. Admin only.</summary>
public static class LogsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteHandlerBuilder MapLogsApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/logs/{level}", Logs).WithTags("System")
            .RequireAuthorization(SecurityExtensions.AdminPolicy).RequireRateLimiting(RateLimitExtensions.PerCaller);

    private static async Task<IResult> Logs(string level, HttpRequest http, IClusterClient cluster)
    {
        var errors = new Dictionary<string, string[]>();
        if (!LogLevels.ByName.TryGetValue(level, out var minimum))
            errors["level"] = [$"level must be one of {string.Join(", ", LogLevels.ByName.Keys)}."];
        var limit = DefaultLimit;
        if (http.Query.TryGetValue("limit", out var given)
            && !(int.TryParse(given.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var answers = await SiloRoster.AskEach(cluster, silo => silo.RecentLogs((int)minimum, limit));
        var entries = answers.Where(a => a.Value is not null).SelectMany(a => a.Value!)
            .OrderByDescending(e => e.Timestamp).Take(limit);
        return Results.Ok(new
        {
            level = minimum.ToString().ToLowerInvariant(),
            limit,
            entries = entries.Select(e => new
            {
                timestamp = e.Timestamp,
                level = LogLevels.Name(e.Level),
                category = e.Category,
                event_id = e.EventId,
                event_name = e.EventName,
                message = e.Message,
                exception = e.Exception,
                silo = e.Silo,
            }),
            silos = answers.Select(a => new { silo = a.Silo, answered = a.Error is null, error = a.Error }),
        });
    }
}
