using Counseling.Grains.History;
using Counseling.Silo.Database;
using Npgsql;

namespace Counseling.Database.Tests;

public sealed class PredictionHistoryTests
{
    private static PredictionRecord Row(string id, int version, string label, DateTimeOffset at) =>
        new(id, version, label, 0.7, new Dictionary<string, double> { [label] = 0.7, ["미흡"] = 0.3 }, "v1", at, at.AddSeconds(1));

    [Fact]
    public async Task Writing_twice_keeps_one_row_and_queries_filter_by_time_and_label()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var history = new PostgresPredictionHistory(source);
        var t0 = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        await history.Record(Row("s1", 1, "만족", t0));
        await history.Record(Row("s1", 1, "만족", t0));
        await history.Record(Row("s1", 2, "미흡", t0.AddMinutes(1)));
        await history.Record(Row("s2", 1, "만족", t0.AddMinutes(2)));

        var all = await history.Query(new HistoryQuery());
        Assert.Equal(3, all.Count);
        Assert.Equal(["s2", "s1", "s1"], all.Select(r => r.SessionId));
        Assert.Equal(0.7, all[0].Probabilities["만족"], 6);
        Assert.Equal(2, (await history.Query(new HistoryQuery(Label: "만족"))).Count);
        Assert.Single(await history.Query(new HistoryQuery(From: t0.AddSeconds(30), To: t0.AddSeconds(90))));
        Assert.Single(await history.Query(new HistoryQuery(Offset: 1, Limit: 1)));

        await history.Delete("s1");
        Assert.Equal(["s2"], (await history.Query(new HistoryQuery())).Select(r => r.SessionId));
    }
}
