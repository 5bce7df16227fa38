using System.Security.Cryptography;
using System.Text;

namespace Counseling.Api.Security;

/// <summary>
/// The accepted keys, held only as SHA-256 hashes. Looking a key up compares its hash with every stored hash
/// in constant time and without stopping at the first match, so timing tells nothing about how close a guess was.
/// </summary>
public sealed class ApiKeyRing
{
    public sealed record Caller(string Name, string[] Roles, int? PermitsPerSecond);

    private readonly (byte[] Hash, Caller Caller)[] _entries;

    public ApiKeyRing(IEnumerable<ApiKeyEntry> keys) =>
        _entries = keys.Where(k => !string.IsNullOrEmpty(k.Key))
            .Select(k => (Hash(k.Key), new Caller(string.IsNullOrEmpty(k.Name) ? "unnamed" : k.Name, k.Roles, k.PermitsPerSecond)))
            .ToArray();

    public int Count => _entries.Length;

    public Caller? Find(string presented)
    {
        var hash = Hash(presented);
        Caller? found = null;
        foreach (var (stored, caller) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(stored, hash)) found ??= caller;
        }
        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>
    /// The configured keys, plus a full-access key from <c>API_KEY</c>. When neither keys nor a JWT issuer are
    /// configured the service would run open, so a random full-access key is made and written once to
    /// <paramref name="console"/> — the console, not a logger, because log sinks are often shipped elsewhere.
    /// </summary>
    public static ApiKeyRing FromConfiguration(IConfiguration configuration, TextWriter console)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var keys = options.ApiKeys.ToList();
        if (configuration["API_KEY"] is { Length: > 0 } envKey)
            keys.Add(new ApiKeyEntry { Name = "API_KEY", Key = envKey, Roles = Roles.All });
        if (keys.Count == 0 && !options.Jwt.Enabled)
        {
            var generated = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
            keys.Add(new ApiKeyEntry { Name = "generated", Key = generated, Roles = Roles.All });
            console.WriteLine($"No API key is configured; this run accepts the generated full-access key (X-API-Key): {generated}");
            console.Flush();
        }
        return new ApiKeyRing(keys);
    }
}
