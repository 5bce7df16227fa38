using Counseling.Grains.Interfaces;
using Counseling.Grains.Models;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Silo.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Counseling.Database.Tests;

public sealed class ModelRegistryTests
{
    [Fact]
    public async Task Versions_persist_in_model_versions_with_one_active_and_a_silo_started_later_serves_it()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"test-{Guid.NewGuid():N}";
        var shippedDirectory = ModelLocation.Outcome();
        var shippedVersion = OutcomeModel.Load(shippedDirectory).Version;

        await using var first = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        // The first silo seeded the shipped model and made it active.
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM model_versions"));
        Assert.Equal(shippedVersion, await database.ScalarAsync<string>("SELECT version FROM model_versions WHERE active"));
        Assert.Equal(new FileInfo(Path.Combine(shippedDirectory, OutcomeModel.ModelFile)).Length,
            await database.ScalarAsync<int>("SELECT octet_length(artifact) FROM model_versions WHERE active"));

        var tiny = TinyOutcomeModel.Train(seed: 73);
        var registry = first.Grains.GetGrain<IModelRegistryGrain>(0);
        Assert.True((await registry.Register(tiny.Artifact, activate: true)).Active);

        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM model_versions"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM model_versions WHERE active"));
        Assert.Equal(tiny.Version, await database.ScalarAsync<string>("SELECT version FROM model_versions WHERE active"));
        Assert.Equal(tiny.Artifact.Model, await database.ScalarAsync<byte[]>($"SELECT artifact FROM model_versions WHERE version = '{tiny.Version}'"));
        Assert.Equal(tiny.Version, await database.ScalarAsync<string>($"SELECT metadata->>'version' FROM model_versions WHERE version = '{tiny.Version}'"));
        Assert.True(await database.ScalarAsync<double>($"SELECT (metrics->>'training_rows')::float8 FROM model_versions WHERE version = '{tiny.Version}'") > 0);

        // The running silo heard the announcement through the stream, whose subscriptions PostgreSQL keeps.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var served = first.Services.GetRequiredService<ActiveOutcomeModel>();
        while (served.Current.Version != tiny.Version && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        Assert.Equal(tiny.Version, served.Current.Version);
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM orleans_storage WHERE grain_type ILIKE '%pubsub%'") >= 1);

        // A silo joining later serves the active version from the moment it is up, and does not re-activate the shipped one.
        await using var second = await CounselingSilo.StartAsync(database.ConnectionString, clusterId);
        Assert.Equal(tiny.Version, second.Services.GetRequiredService<ActiveOutcomeModel>().Current.Version);
        Assert.Equal(tiny.Version, await database.ScalarAsync<string>("SELECT version FROM model_versions WHERE active"));
        Assert.Equal(2, (await second.Grains.GetGrain<IModelRegistryGrain>(0).List()).Count);

        var session = second.Grains.GetGrain<ISessionGrain>("registry_db_1");
        await session.Submit(Dialogues.Submission(seed: 91));
        var done = await session.WaitForCompletion(TimeSpan.FromSeconds(60));
        Assert.True(done.Stage == SessionStage.Completed, $"{done.Stage}: {done.Error}");
        Assert.Equal(tiny.Version, done.Prediction!.ModelVersion);
        Assert.Equal(tiny.Version, await database.ScalarAsync<string>("SELECT model_version FROM prediction_history WHERE session_id = 'registry_db_1'"));
    }

    [Fact]
    public async Task Racing_stores_add_a_version_once_and_never_leave_two_active()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ConnectionString;
        await using var one = NpgsqlDataSource.Create(connection);
        await using var other = NpgsqlDataSource.Create(connection);
        var stores = new[] { new PostgresModelStore(one), new PostgresModelStore(other) };
        ModelEntry Entry(string version) => new(version, DateTimeOffset.UtcNow, new Dictionary<string, double> { ["test_macro_f1"] = 0.5 },
            new ModelArtifact([1, 2, 3], $$"""{"version":"{{version}}"}"""));

        // Two silos seeding at once: one row, and exactly one of them reports adding it.
        var added = await Task.WhenAll(stores.Select(s => s.Add(Entry("a"))));
        Assert.Equal(1, added.Count(a => a));
        Assert.True(await stores[0].Add(Entry("b")));

        // Two first activations at once: one wins, the other finds a version active and leaves it.
        var first = await Task.WhenAll(stores[0].Activate("a", onlyIfNoneActive: true), stores[1].Activate("b", onlyIfNoneActive: true));
        Assert.Equal(1, first.Count(a => a));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM model_versions WHERE active"));

        for (var round = 0; round < 10; round++)
        {
            var both = await Task.WhenAll(stores[0].Activate("a", false), stores[1].Activate("b", false));
            Assert.All(both, Assert.True);
            Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM model_versions WHERE active"));
        }

        Assert.False(await stores[0].Activate("missing", false));
        var active = await stores[1].Active();
        Assert.NotNull(active);
        Assert.Equal([1, 2, 3], active.Artifact.Model);
        Assert.Equal(0.5, active.Metrics["test_macro_f1"]);
        Assert.Equal(2, (await stores[0].List()).Count);
        Assert.Single(await stores[0].List(), v => v.Active && v.Version == active.Version);
    }
}
