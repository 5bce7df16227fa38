using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Counseling.Silo.Database;

/// <summary>
/// <c>Database:MigrateOnStart=true</c>: the silo brings the schema up to date before it starts, so a
/// single-command deployment needs no separate <c>migrate</c> step. It must run before the host starts:
/// the ADO.NET providers read their queries from the database while the silo starts.
/// </summary>
public static class StartupMigration
{
    public const string Setting = "Database:MigrateOnStart";

    public static async Task RunIfEnabledAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue(Setting, false)) return;
        var connectionString = DatabaseSettings.ConnectionString(configuration);
        if (connectionString is null)
        {
            logger.LogWarning("{Setting} is set but no database is configured; nothing to migrate", Setting);
            return;
        }

        var applied = await new DatabaseMigrator(connectionString).MigrateAsync(cancellationToken);
        logger.LogInformation("Database migrations applied at start-up: {Applied}",
            applied.Count == 0 ? "none, already up to date" : string.Join(", ", applied.Select(m => $"{m.Version:0000}_{m.Name}")));
    }
}
