using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Counseling.Api.Security;

public static class SecurityExtensions
{
    /// <summary>Authorization policy names, one per role.</summary>
    public const string IngestPolicy = Roles.Ingest;
    public const string ReadPolicy = Roles.Read;
    public const string AdminPolicy = Roles.Admin;

    private const string Selector = "ApiKeyOrBearer";

    /// <summary>
    /// X-API-Key or a JWT bearer token, chosen per request by the Authorization header; one policy per role.
    /// Endpoints opt in with RequireAuthorization(policy); those without it (health, docs) stay anonymous.
    /// </summary>
    public static WebApplicationBuilder AddCounselingSecurity(this WebApplicationBuilder builder, TextWriter? console = null)
    {
        var configuration = builder.Configuration;
        var jwt = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Jwt ?? new JwtSettings();
        builder.Services.AddSingleton(ApiKeyRing.FromConfiguration(configuration, console ?? Console.Out));

        var authentication = builder.Services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, Selector, o => o.ForwardDefaultSelector = context =>
                jwt.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled) authentication.AddJwtBearer(o => Configure(o, jwt));

        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(IngestPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Roles.Has(c.User, Roles.Ingest)))
            .AddPolicy(ReadPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Roles.Has(c.User, Roles.Read)))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Roles.Has(c.User, Roles.Admin)));
        return builder;
    }

    private static void Configure(JwtBearerOptions options, JwtSettings jwt)
    {
        // Claims keep their JWT names ("sub", "role") instead of being mapped to long SOAP URIs.
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "sub";
        options.TokenValidationParameters.RoleClaimType = Roles.ClaimType;
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
        if (!string.IsNullOrEmpty(jwt.Authority))
        {
            options.Authority = jwt.Authority;
            options.Audience = jwt.Audience;
            options.TokenValidationParameters.ValidateAudience = !string.IsNullOrEmpty(jwt.Audience);
            return;
        }
        options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey!));
        options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
        options.TokenValidationParameters.ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer);
        options.TokenValidationParameters.ValidAudience = jwt.Audience;
        options.TokenValidationParameters.ValidateAudience = !string.IsNullOrEmpty(jwt.Audience);
    }
}
