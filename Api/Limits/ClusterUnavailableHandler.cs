using Counseling.Grains.Interfaces;
using Microsoft.AspNetCore.Diagnostics;

namespace Counseling.Api.Limits;

/// <summary>
/// A request the cluster could not take because a part of it is down (its database, the silo holding the
/// grain, the gateway) is the server's temporary state, not a bug: 503 with Retry-After, so callers back
/// off and send it again, instead of a 500. Everything else stays a 500 through the default handler.
/// </summary>
public sealed class ClusterUnavailableHandler(ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (StorageUnavailableException or OrleansException or TimeoutException)) return false;
        logger.LogWarning("{Method} {Path} answered 503: {Error}", context.Request.Method, context.Request.Path, exception.GetType().Name);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The service is temporarily unavailable",
                detail: exception is StorageUnavailableException ? exception.Message : "The cluster could not answer now. Retry shortly: sending the same session again does not duplicate work.")
            .ExecuteAsync(context);
        return true;
    }
}
