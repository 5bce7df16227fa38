namespace Counseling.Api.Security;

/// <summary>The <c>Auth</c> configuration section: named API keys and an optional JWT issuer.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public JwtSettings Jwt { get; set; } = new();
}

/// <summary>One caller's key. <see cref="Name"/> is what logs, metrics and rate limits see; the key itself never is.</summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    public string[] Roles { get; set; } = [];

    /// <summary>Overrides <see cref="RateLimitOptions.PermitsPerSecond"/> for this key alone.</summary>
    public int? PermitsPerSecond { get; set; }
}

/// <summary>Either a symmetric <see cref="SigningKey"/> with issuer and audience, or an OpenID <see cref="Authority"/>.</summary>
public sealed class JwtSettings
{
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public string? Authority { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(SigningKey) || !string.IsNullOrEmpty(Authority);
}
