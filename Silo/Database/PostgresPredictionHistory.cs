using System.Text.Json;
using Counseling.Grains.History;
using Npgsql;
using NpgsqlTypes;

namespace Counseling.Silo.Database;

/// <summary>The prediction history in PostgreSQL's prediction_history table (migration 0005).</summary>
public sealed class PostgresPredictionHistory(NpgsqlDataSource database) : IPredictionHistory
{
    public async Task Record(PredictionRecord record)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO prediction_history (session_id, session_version, label, confidence, probabilities, model_version, created_at, completed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (session_id, session_version) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = record.SessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.SessionVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Label });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Confidence });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(record.Probabilities), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = record.ModelVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = record.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = record.CompletedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<PredictionRecord>> Query(HistoryQuery query)
    {
        await using var command = database.CreateCommand("""
            SELECT session_id, session_version, label, confidence, probabilities::text, model_version, created_at, completed_at
            FROM prediction_history
            WHERE ($1::timestamptz IS NULL OR created_at >= $1)
              AND ($2::timestamptz IS NULL OR created_at < $2)
              AND ($3::text IS NULL OR label = $3)
            ORDER BY created_at DESC, session_id
            OFFSET $4 LIMIT $5
            """);
        AddFilters(command, query);
        command.Parameters.Add(new NpgsqlParameter { Value = query.Offset });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
        var rows = new List<PredictionRecord>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new PredictionRecord(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetDouble(3),
                JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(4)) ?? [],
                reader.GetString(5),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero),
                reader.IsDBNull(7) ? default : new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero)));
        }
        return rows;
    }

    public async Task Delete(string sessionId)
    {
        await using var command = database.CreateCommand("DELETE FROM prediction_history WHERE session_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> Count(HistoryQuery query)
    {
        await using var command = database.CreateCommand("""
            SELECT count(*)
            FROM prediction_history
            WHERE ($1::timestamptz IS NULL OR created_at >= $1)
              AND ($2::timestamptz IS NULL OR created_at < $2)
              AND ($3::text IS NULL OR label = $3)
            """);
        AddFilters(command, query);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByLabel()
    {
        await using var command = database.CreateCommand("SELECT label, count(*) FROM prediction_history GROUP BY label");
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task<IReadOnlyList<(DateTimeOffset Minute, long Completed)>> CompletedPerMinute(DateTimeOffset since)
    {
        // AT TIME ZONE 'UTC' truncates a plain UTC timestamp, so the minutes are UTC minutes whatever the
        // server's time zone (as the in-memory history's are).
        await using var command = database.CreateCommand("""
            SELECT date_trunc('minute', completed_at AT TIME ZONE 'UTC') AS minute, count(*)
            FROM prediction_history
            WHERE completed_at >= $1
            GROUP BY minute
            ORDER BY minute
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = since.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var minutes = new List<(DateTimeOffset, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            minutes.Add((new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)), reader.GetInt64(1)));
        return minutes;
    }

    private static void AddFilters(NpgsqlCommand command, HistoryQuery query)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.From?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.To?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Label ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }
}
