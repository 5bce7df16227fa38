using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Counseling.Silo.Database;

/// <summary>
/// Where the PostgreSQL database is, from the names users already know:
/// <c>ConnectionStrings__Postgres</c> (an Npgsql connection string) or <c>DATABASE_URL</c>
/// (<c>postgres://user:pass@host:port/db?sslmode=…</c>, the form hosting platforms hand out).
/// </summary>
public static class DatabaseSettings
{
    public const string ConnectionStringName = "Postgres";
    public const string UrlVariable = "DATABASE_URL";

    /// <summary>The ADO.NET provider name the Orleans providers look Npgsql up by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The Npgsql connection string, or null when no database is configured (embedded mode).</summary>
    public static string? ConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var url = configuration[UrlVariable];
            if (string.IsNullOrWhiteSpace(url)) return null;
            connectionString = FromUrl(url);
        }
        return Tuned(connectionString);
    }

    /// <summary>
    /// Npgsql settings that the Orleans providers' traffic needs, unless the connection string sets them.
    /// Every grain write is one short statement on a pooled connection: resetting the connection on each
    /// return to the pool (DISCARD ALL) doubled the round trips, and re-planning the same few statements
    /// cost more than running them. Nothing here sets session state, so skipping the reset is safe.
    /// TLS to a server on this machine protects nothing a local user could not read anyway, and encrypting
    /// each statement cost about a seventh of the silo's CPU in the grain benchmark (and more on the server),
    /// so a loopback host is reached in the clear unless SSL Mode says otherwise. Any other host keeps
    /// Npgsql's default.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // Npgsql's builder reports every keyword it knows as present, so ask a plain one what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "").ToLowerInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.Contains("noresetonclose")) builder.NoResetOnClose = true;
        if (!written.Contains("maxautoprepare")) builder.MaxAutoPrepare = 32;
        if (!written.Contains("autoprepareminusages")) builder.AutoPrepareMinUsages = 2;
        if (!written.Contains("sslmode") && IsLoopback(builder.Host)) builder.SslMode = SslMode.Disable;
        return builder.ConnectionString;
    }

    // Host may list several servers (h1,h2:5433); only an all-local list counts. A leading '/' is a Unix socket,
    // which Npgsql never encrypts anyway.
    private static bool IsLoopback(string? host) =>
        !string.IsNullOrEmpty(host) && host.Split(',').All(entry =>
        {
            var name = entry.Trim();
            if (name.StartsWith('/')) return true;
            if (name.StartsWith('[')) name = name[1..name.IndexOf(']')];
            else if (name.Count(c => c == ':') == 1) name = name[..name.IndexOf(':')];
            return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                   || (System.Net.IPAddress.TryParse(name, out var address) && System.Net.IPAddress.IsLoopback(address));
        });

    /// <summary>Turns a <c>postgres://</c> URL into an Npgsql connection string.</summary>
    /// <exception cref="FormatException">The URL is not a PostgreSQL URL, or names a parameter we do not map.</exception>
    public static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException($"{UrlVariable} must look like postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        // Split on the first ':' only: a password may itself contain ':' once decoded, but not before.
        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        foreach (var (name, value) in QueryParameters(uri.Query))
        {
            Apply(builder, name, value);
        }

        return builder.ConnectionString;
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            yield return (name, value);
        }
    }

    // An unknown parameter is an error rather than ignored: a silently dropped "sslmode" typo would
    // quietly downgrade the connection.
    private static void Apply(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        switch (name.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new FormatException($"{UrlVariable}: unknown sslmode '{value}'"),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "options":
                builder.Options = value;
                break;
            default:
                throw new FormatException($"{UrlVariable}: unsupported query parameter '{name}'");
        }
    }
}
