using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Counseling.Silo.Database;

/// <summary>One SQL script from <c>Silo/Migrations/</c>, named <c>NNNN_description.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Migrations/";

    /// <summary>A hash of the script, so an edited script that was already applied is noticed.</summary>
    /// <remarks>Computed on read rather than stored, so a copy made with <c>with { Sql = … }</c> hashes its own text.</remarks>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>The scripts embedded in the silo assembly, in the order they must run.</summary>
    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToList();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}");
        }

        return migrations;
    }

    private static Migration Load(Assembly assembly, string resourceName)
    {
        var fileName = Path.GetFileNameWithoutExtension(resourceName[ResourcePrefix.Length..]);
        var underscore = fileName.IndexOf('_');
        if (underscore <= 0 || !int.TryParse(fileName[..underscore], out var version))
        {
            throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_description.sql");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Migration resource '{resourceName}' is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new Migration(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
