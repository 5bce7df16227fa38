using Microsoft.AspNetCore.Diagnostics;

namespace Counseling.Api.Limits;

/// <summary>
/// Kestrel reports a body over the size limit, or one that ends before its Content-Length, by throwing when
/// the endpoint reads it. That is the client's mistake: its own status (413 or 400) as problem+json, not a 500.
/// </summary>
public sealed class BadRequestBodyHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        context.Response.StatusCode = bad.StatusCode;
        await Results.Problem(statusCode: bad.StatusCode,
                title: bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request body could not be read",
                detail: bad.Message,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["body"] = [bad.Message] } })
            .ExecuteAsync(context);
        return true;
    }
}
