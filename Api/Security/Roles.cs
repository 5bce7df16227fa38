using System.Security.Claims;

namespace Counseling.Api.Security;

/// <summary>
/// The three roles of the brief. Admin is full access, so each policy also admits it; a token or key carries
/// its roles as <c>role</c> claims.
/// </summary>
public static class Roles
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    public const string ClaimType = "role";

    /// <summary>JWT issuers differ in the claim they put roles in; all three are honoured.</summary>
    private static readonly string[] RoleClaimTypes = [ClaimType, "roles", ClaimTypes.Role];

    public static readonly string[] All = [Ingest, Read, Admin];

    public static bool Has(ClaimsPrincipal user, string role) =>
        user.Claims.Any(c => RoleClaimTypes.Contains(c.Type) && (c.Value == role || c.Value == Admin));
}
