using Npgsql;

namespace Counseling.Silo.Database;

/// <summary>
/// Brings a PostgreSQL database up to the schema this build needs: the Orleans provider tables and
/// queries, then the project's own tables. Safe to run from every silo at start-up and as often as wanted.
/// </summary>
public sealed class DatabaseMigrator(string connectionString, IReadOnlyList<Migration>? migrations = null)
{
    // Any fixed 64-bit number works; this one is "counsel" in ASCII so it is recognisable in pg_locks.
    private const long AdvisoryLockKey = 0x636F756E73656C;

    private readonly IReadOnlyList<Migration> _migrations = migrations ?? Migration.Embedded();

    /// <summary>Applies the migrations that have not run yet and returns them, in order.</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // A session lock, not a transaction one: it has to span several transactions. Silos starting
        // together queue here, and each later one finds nothing left to do.
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations
                (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = await AppliedAsync(connection, cancellationToken);
            var pending = new List<Migration>();
            foreach (var migration in _migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:0000}_{migration.Name} was changed after it was applied; add a new migration instead.");
                    }
                    continue;
                }
                pending.Add(migration);
            }

            foreach (var migration in pending)
            {
                await ApplyAsync(connection, migration, cancellationToken);
            }
            return pending;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    // The script and its schema_migrations row commit together, so a failed script leaves no trace
    // and is retried whole next time.
    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
        }
        catch (PostgresException error)
        {
            throw new InvalidOperationException($"Migration {migration.Version:0000}_{migration.Name} failed: {error.MessageText}", error);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
