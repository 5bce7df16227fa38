using Counseling.Grains.Training;
using Npgsql;
using NpgsqlTypes;

namespace Counseling.Silo.Database;

/// <summary>The training examples in PostgreSQL's training_examples table (migration 0007).</summary>
public sealed class PostgresTrainingExamples(NpgsqlDataSource database) : ITrainingExamples
{
    public async Task Record(TrainingExample example)
    {
        // A resumed session may write an older version late; the newest version of a session wins.
        await using var command = database.CreateCommand("""
            INSERT INTO training_examples (session_id, session_version, label, features, recorded_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (session_id) DO UPDATE
               SET session_version = excluded.session_version, label = excluded.label,
                   features = excluded.features, recorded_at = excluded.recorded_at
             WHERE training_examples.session_version <= excluded.session_version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = example.SessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = example.SessionVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = example.Label });
        command.Parameters.Add(new NpgsqlParameter { Value = example.FeaturesJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = example.RecordedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync();
    }

    public async Task Delete(string sessionId)
    {
        await using var command = database.CreateCommand("DELETE FROM training_examples WHERE session_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<TrainingExample>> List()
    {
        // COLLATE "C": the same order as the in-memory store's ordinal sort, whatever the database's locale.
        await using var command = database.CreateCommand("""
            SELECT session_id, session_version, label, features::text, recorded_at
            FROM training_examples ORDER BY session_id COLLATE "C"
            """);
        var list = new List<TrainingExample>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            list.Add(new TrainingExample(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc))));
        return list;
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByLabel()
    {
        await using var command = database.CreateCommand("SELECT label, count(*) FROM training_examples GROUP BY label");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = (int)reader.GetInt64(1);
        return counts;
    }
}
