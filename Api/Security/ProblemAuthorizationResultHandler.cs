using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Counseling.Api.Security;

/// <summary>
/// Lets the schemes challenge or forbid as usual (status and WWW-Authenticate), then gives the empty 401/403
/// a problem+json body so clients get the same error shape as everywhere else.
/// </summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        await _default.HandleAsync(next, context, policy, result);
        if (!(result.Challenged || result.Forbidden) || context.Response.HasStarted) return;
        var (title, detail) = result.Forbidden
            ? ("Forbidden", "The credentials are valid but lack the role this endpoint needs.")
            : ("Unauthorized", $"Send a valid {ApiKeyAuthenticationHandler.Header} header or a bearer token.");
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Title = title, Detail = detail },
        });
    }
}
