using Counseling.Grains.Diagnostics;
using Npgsql;

namespace Counseling.Silo.Database;

/// <summary>The readiness check of the silo's database: one round trip on the pool the silo already uses.</summary>
public sealed class PostgresDatabaseProbe(NpgsqlDataSource database) : IDatabaseProbe
{
    public async Task Check(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await using var command = database.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(deadline.Token);
    }
}
