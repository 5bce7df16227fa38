using Microsoft.Extensions.Configuration;

namespace Counseling.Silo.Database;

/// <summary><c>Silo migrate</c>: applies the schema to the configured database and reports what changed.</summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var connectionString = DatabaseSettings.ConnectionString(configuration);
        if (connectionString is null)
        {
            await error.WriteLineAsync($"No database configured: set ConnectionStrings__{DatabaseSettings.ConnectionStringName} or {DatabaseSettings.UrlVariable}.");
            return 1;
        }

        try
        {
            var applied = await new DatabaseMigrator(connectionString).MigrateAsync();
            if (applied.Count == 0)
            {
                await output.WriteLineAsync("Database is up to date; nothing applied.");
            }
            foreach (var migration in applied)
            {
                await output.WriteLineAsync($"applied {migration.Version:0000}_{migration.Name}");
            }
            return 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or Npgsql.NpgsqlException)
        {
            await error.WriteLineAsync($"Migration failed: {exception.Message}");
            return 1;
        }
    }
}
