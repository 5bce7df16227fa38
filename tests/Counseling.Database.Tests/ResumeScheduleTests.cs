using Counseling.Grains.Sessions;
using Counseling.Silo.Database;
using Npgsql;

namespace Counseling.Database.Tests;

/// <summary>The resume schedule's contract, held by the embedded default's and PostgreSQL's alike.</summary>
public sealed class ResumeScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private sealed class Subject(IResumeSchedule schedule, TestDatabase? database, NpgsqlDataSource? source) : IAsyncDisposable
    {
        public IResumeSchedule Schedule => schedule;

        public static async Task<Subject> Of(string store)
        {
            if (store == "memory") return new Subject(new InMemoryResumeSchedule(), null, null);
            var database = await TestDatabase.MigratedAsync();
            var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ConnectionString);
            return new Subject(new PostgresResumeSchedule(source), database, source);
        }

        public async Task<long> StoredRows() => database is null ? -1 : await database.ScalarAsync<long>("SELECT count(*) FROM session_resume");

        public async ValueTask DisposeAsync()
        {
            if (schedule is IAsyncDisposable disposable) await disposable.DisposeAsync();
            if (source is not null) await source.DisposeAsync();
            if (database is not null) await database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task Only_what_is_due_is_claimed_earliest_first_and_a_claim_moves_it_on(string store)
    {
        await using var subject = await Subject.Of(store);
        var schedule = subject.Schedule;
        await schedule.Schedule("later", T0.AddSeconds(30));
        await schedule.Schedule("second", T0.AddSeconds(2));
        await schedule.Schedule("first", T0.AddSeconds(1));

        Assert.Empty(await schedule.ClaimDue(T0, T0.AddMinutes(1), 10));
        // A sweep short of room takes the longest waiting first.
        Assert.Equal(["first"], await schedule.ClaimDue(T0.AddSeconds(5), T0.AddMinutes(1), 1));
        Assert.Equal(["second"], await schedule.ClaimDue(T0.AddSeconds(5), T0.AddMinutes(1), 10));
        // Claimed means due again only a period later: a second sweep in between finds nothing.
        Assert.Empty(await schedule.ClaimDue(T0.AddSeconds(6), T0.AddMinutes(1), 10));
        Assert.Equal(["first", "later", "second"], (await schedule.ClaimDue(T0.AddMinutes(1), T0.AddMinutes(2), 10)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task A_cleared_session_is_never_claimed_and_a_rescheduled_one_takes_its_new_time(string store)
    {
        await using var subject = await Subject.Of(store);
        var schedule = subject.Schedule;
        await schedule.Schedule("ended", T0.AddSeconds(1));
        await schedule.Schedule("moved", T0.AddSeconds(1));
        await schedule.Clear("ended");
        await schedule.Schedule("moved", T0.AddSeconds(20));
        await schedule.Clear("never_scheduled");

        Assert.Empty(await schedule.ClaimDue(T0.AddSeconds(10), T0.AddMinutes(1), 10));
        Assert.Equal(["moved"], await schedule.ClaimDue(T0.AddSeconds(20), T0.AddMinutes(1), 10));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task Many_sessions_writing_at_once_all_land_and_sweeps_at_once_claim_each_only_once(string store)
    {
        await using var subject = await Subject.Of(store);
        var schedule = subject.Schedule;
        var ids = Enumerable.Range(0, 600).Select(i => $"s_{i:D3}").ToArray();
        // Concurrent writes are what the PostgreSQL schedule gathers into shared batches.
        await Task.WhenAll(ids.Select((id, i) => schedule.Schedule(id, T0.AddMilliseconds(i))));
        await Task.WhenAll(ids.Where((_, i) => i % 3 == 0).Select(schedule.Clear));
        var left = ids.Where((_, i) => i % 3 != 0).ToArray();
        if (store == "postgres") Assert.Equal(left.Length, await subject.StoredRows());

        // Four silos sweeping at the same moment, 50 at a time, until nothing is due.
        var claimed = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var mine = new List<string>();
            while (await schedule.ClaimDue(T0.AddMinutes(1), T0.AddMinutes(5), 50) is { Count: > 0 } claims) mine.AddRange(claims);
            return mine;
        }));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(left.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failed_batch_fails_the_writes_in_it_and_the_next_ones_go_through()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ConnectionString);
        await using var schedule = new PostgresResumeSchedule(source);
        await database.OnServerAsync($"ALTER DATABASE \"{database.Name}\" SET default_transaction_read_only = on");
        source.Clear();
        await Assert.ThrowsAsync<PostgresException>(() => schedule.Schedule("refused", T0));

        await database.OnServerAsync($"ALTER DATABASE \"{database.Name}\" SET default_transaction_read_only = off");
        source.Clear();
        await schedule.Schedule("accepted", T0);
        Assert.Equal(["accepted"], await schedule.ClaimDue(T0, T0.AddMinutes(1), 10));
    }
}
