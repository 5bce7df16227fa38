using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Counseling.Api.Security;

/// <summary>Authenticates the <c>X-API-Key</c> header against the <see cref="ApiKeyRing"/>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing ring)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-API-Key";

    /// <summary>Claim carrying the per-key rate limit override, read by the rate limiter.</summary>
    public const string PermitsClaim = "permits_per_second";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return Task.FromResult(AuthenticateResult.NoResult());
        // The presented key is never put in the failure message: failures are logged.
        if (ring.Find(values[0]!) is not { } caller)
            return Task.FromResult(AuthenticateResult.Fail("The X-API-Key header does not match any configured key."));

        var claims = new List<Claim> { new(ClaimTypes.Name, caller.Name) };
        claims.AddRange(caller.Roles.Select(r => new Claim(Roles.ClaimType, r)));
        if (caller.PermitsPerSecond is { } permits) claims.Add(new Claim(PermitsClaim, permits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, Roles.ClaimType);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\", Bearer";
        return Task.CompletedTask;
    }
}
