using System.Threading.Channels;
using Counseling.Grains.Sessions;
using Npgsql;
using NpgsqlTypes;

namespace Counseling.Silo.Database;

/// <summary>
/// The resume schedule in PostgreSQL's session_resume table (migration 0008). Every session writes its row twice
/// (accepted, ended), so the writes of all sessions on this silo that arrive while one round trip is out go
/// together in the next: one batch of an upsert and a delete, however many sessions are in it.
/// </summary>
public sealed class PostgresResumeSchedule : IResumeSchedule, IAsyncDisposable
{
    // Far above what the silo's session gate lets run at once; a batch this size is still one short round trip.
    private const int MaxBatch = 1_000;

    private readonly NpgsqlDataSource _database;
    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresResumeSchedule(NpgsqlDataSource database)
    {
        _database = database;
        _writer = Task.Run(WriteAll);
    }

    public Task Schedule(string sessionId, DateTimeOffset due) => Enqueue(new Write(sessionId, due));

    public Task Clear(string sessionId) => Enqueue(new Write(sessionId, null));

    public async Task<IReadOnlyList<string>> ClaimDue(DateTimeOffset now, DateTimeOffset next, int max)
    {
        // SKIP LOCKED: two silos sweeping at once each take rows the other has not, instead of waiting on them.
        await using var command = _database.CreateCommand("""
            UPDATE session_resume SET due_at = $2
             WHERE session_id IN (SELECT session_id FROM session_resume WHERE due_at <= $1
                                  ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING session_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = next.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var claims = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) claims.Add(reader.GetString(0));
        return claims;
    }

    private Task Enqueue(Write write)
    {
        if (!_writes.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(PostgresResumeSchedule));
        return write.Done.Task;
    }

    private async Task WriteAll()
    {
        var batch = new List<Write>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                await Store(batch);
                foreach (var write in batch) write.Done.TrySetResult();
            }
            catch (Exception e)
            {
                // Each session decides what a failed write means for it (refuse the submission, retry later).
                foreach (var write in batch) write.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task Store(List<Write> batch)
    {
        // A session's writes are awaited one after the other, so one id is in a batch once; should it be there
        // twice (two activations for a moment), the later write wins.
        var last = new Dictionary<string, Write>(StringComparer.Ordinal);
        foreach (var write in batch) last[write.SessionId] = write;
        var schedules = last.Values.Where(w => w.Due is not null).ToArray();
        var clears = last.Values.Where(w => w.Due is null).Select(w => w.SessionId).ToArray();

        await using var connection = await _database.OpenConnectionAsync();
        await using var commands = new NpgsqlBatch(connection);
        if (schedules.Length > 0)
        {
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO session_resume (session_id, due_at)
                SELECT * FROM unnest($1::text[], $2::timestamptz[])
                ON CONFLICT (session_id) DO UPDATE SET due_at = excluded.due_at
                """);
            upsert.Parameters.Add(new NpgsqlParameter { Value = schedules.Select(w => w.SessionId).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = schedules.Select(w => w.Due!.Value.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            commands.BatchCommands.Add(upsert);
        }
        if (clears.Length > 0)
        {
            var delete = new NpgsqlBatchCommand("DELETE FROM session_resume WHERE session_id = ANY($1)");
            delete.Parameters.Add(new NpgsqlParameter { Value = clears });
            commands.BatchCommands.Add(delete);
        }
        await commands.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
    }

    /// <summary>A schedule when <see cref="Due"/> is set, a clear when it is not.</summary>
    private sealed record Write(string SessionId, DateTimeOffset? Due)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
