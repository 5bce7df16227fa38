using System.Text.Json;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Models;
using Npgsql;
using NpgsqlTypes;

namespace Counseling.Silo.Database;

/// <summary>
/// The registry in PostgreSQL's model_versions table (migration 0005, activated_at from 0007): metadata.json as jsonb, model.zip
/// as bytea. The partial unique index allows one active row; activations also take a transaction lock so
/// that two of them in flight queue instead of one failing on that index.
/// </summary>
public sealed class PostgresModelStore(NpgsqlDataSource database) : IModelStore
{
    // "models" in ASCII; distinct from the migrator's lock so activations never wait on a migration.
    private const long ActivationLockKey = 0x6D6F64656C73;

    public async Task<IReadOnlyList<ModelVersionInfo>> List()
    {
        await using var command = database.CreateCommand(
            "SELECT version, created_at, metrics::text, active, activated_at FROM model_versions ORDER BY created_at DESC, version");
        var list = new List<ModelVersionInfo>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            list.Add(new ModelVersionInfo(reader.GetString(0), Utc(reader.GetDateTime(1)), Metrics(reader.GetString(2)), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : Utc(reader.GetDateTime(4))));
        return list;
    }

    public async Task<bool> Add(ModelEntry entry)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO model_versions (version, created_at, metrics, metadata, artifact)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (version) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(entry.Metrics), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Artifact.MetadataJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Artifact.Model, NpgsqlDbType = NpgsqlDbType.Bytea });
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task<bool> Activate(string version, bool onlyIfNoneActive)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({ActivationLockKey})");

        await using (var check = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM model_versions WHERE version = $1), (SELECT version FROM model_versions WHERE active)", connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = version });
            await using var reader = await check.ExecuteReaderAsync();
            await reader.ReadAsync();
            var known = reader.GetInt64(0) == 1;
            var current = reader.IsDBNull(1) ? null : reader.GetString(1);
            if (!known) return false;
            if (current == version) return true;
            if (onlyIfNoneActive && current is not null) return false;
        }

        // Off first, then on: the one-active index checks each statement.
        await Execute(connection, transaction, "UPDATE model_versions SET active = false WHERE active");
        await using (var on = new NpgsqlCommand("UPDATE model_versions SET active = true, activated_at = now() WHERE version = $1", connection, transaction))
        {
            on.Parameters.Add(new NpgsqlParameter { Value = version });
            await on.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return true;
    }

    public async Task<ModelEntry?> Active()
    {
        await using var command = database.CreateCommand(
            "SELECT version, created_at, metrics::text, metadata::text, artifact FROM model_versions WHERE active");
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync() || reader.IsDBNull(4)) return null;
        return new ModelEntry(reader.GetString(0), Utc(reader.GetDateTime(1)), Metrics(reader.GetString(2)),
            new ModelArtifact(reader.GetFieldValue<byte[]>(4), reader.GetString(3)));
    }

    public async Task<string?> Metadata(string version)
    {
        await using var command = database.CreateCommand("SELECT metadata::text FROM model_versions WHERE version = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    // Rows written by hand may carry non-numeric figures; the summary keeps the numbers.
    private static IReadOnlyDictionary<string, double> Metrics(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)?
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Key, p => p.Value.GetDouble(), StringComparer.Ordinal) ?? [];
}
