using Counseling.Grains.History;
using Counseling.Silo.Database;
using Npgsql;

namespace Counseling.Database.Tests;

/// <summary>The SQL behind /api/v1/predictions/history totals and /api/v1/stats, on a real PostgreSQL.</summary>
public sealed class PredictionStatisticsTests
{
    private static PredictionRecord Row(string id, int version, string label, DateTimeOffset created, DateTimeOffset completed) =>
        new(id, version, label, 0.6, new Dictionary<string, double> { [label] = 0.6 }, "v1", created, completed);

    [Fact]
    public async Task Counts_by_filter_by_label_and_per_minute_are_computed_by_the_store()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 4 }.ConnectionString);
        var history = new PostgresPredictionHistory(source);
        var t0 = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        await history.Record(Row("a", 1, "만족", t0, t0.AddSeconds(5)));
        await history.Record(Row("a", 2, "미흡", t0.AddSeconds(10), t0.AddSeconds(20)));
        await history.Record(Row("b", 1, "만족", t0.AddSeconds(30), t0.AddSeconds(61)));
        await history.Record(Row("c", 1, "추가 상담 필요", t0.AddMinutes(2), t0.AddMinutes(2).AddSeconds(59)));
        await history.Record(Row("d", 1, "만족", t0.AddMinutes(3), t0.AddMinutes(3).AddSeconds(1)));

        Assert.Equal(5, await history.Count(new HistoryQuery(Offset: 3, Limit: 1)));
        Assert.Equal(3, await history.Count(new HistoryQuery(Label: "만족")));
        Assert.Equal(2, await history.Count(new HistoryQuery(From: t0.AddSeconds(10), To: t0.AddMinutes(2))));
        Assert.Equal(0, await history.Count(new HistoryQuery(Label: "해결 불가")));

        var labels = await history.CountByLabel();
        Assert.Equal(new Dictionary<string, long> { ["만족"] = 3, ["미흡"] = 1, ["추가 상담 필요"] = 1 }, labels);

        // Minutes are UTC whatever the server's zone; minutes with nothing are absent.
        await using (var command = source.CreateCommand("ALTER DATABASE " + database.Name + " SET timezone TO 'Asia/Seoul'"))
            await command.ExecuteNonQueryAsync();
        source.Clear();
        var minutes = await history.CompletedPerMinute(t0.AddSeconds(10));
        Assert.Equal(
            [(t0, 1L), (t0.AddMinutes(1), 1L), (t0.AddMinutes(2), 1L), (t0.AddMinutes(3), 1L)],
            minutes.Select(m => (m.Minute, m.Completed)));
        Assert.All(minutes, m => Assert.Equal(TimeSpan.Zero, m.Minute.Offset));
    }

    [Fact]
    public async Task The_database_probe_passes_on_a_live_server_and_fails_on_a_dead_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var live = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString))
            await new PostgresDatabaseProbe(live).Check(TimeSpan.FromSeconds(5));
        await using var dead = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Password=postgres;Timeout=2;Maximum Pool Size=1");
        await Assert.ThrowsAnyAsync<Exception>(() => new PostgresDatabaseProbe(dead).Check(TimeSpan.FromSeconds(5)));
    }
}
