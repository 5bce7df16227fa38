using System.Diagnostics;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Models;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Outcome;
using Microsoft.Extensions.DependencyInjection;

namespace Counseling.Cluster.Tests;

public sealed class ModelRegistryTests(ThreeCpu fixture) : IClassFixture<ThreeCpu>
{
    private static readonly string ShippedVersion = OutcomeModel.Load(ModelLocation.Outcome()).Version;

    [Fact]
    public async Task A_version_activated_while_sessions_run_is_served_by_every_silo_and_recorded_by_later_sessions()
    {
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>(0);
        // Every silo seeded the shipped model at start-up; it is the one version and it is active.
        var seeded = Assert.Single(await registry.List());
        Assert.Equal(ShippedVersion, seeded.Version);
        Assert.True(seeded.Active);
        Assert.All(ServedVersions(), v => Assert.Equal(ShippedVersion, v));

        var tiny = TinyOutcomeModel.Train(seed: 71);
        Assert.NotEqual(ShippedVersion, tiny.Version);

        // More sessions than the three silos' gates (20 each) let run at once, so some are still queued at the swap
        // however fast the machine is.
        var before = Enumerable.Range(0, 96).Select(i => $"swap_before_{i}").ToArray();
        await Task.WhenAll(before.Select((id, i) => fixture.Client.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 500 + i))));
        var running = (await Task.WhenAll(before.Select(id => fixture.Client.GetGrain<ISessionGrain>(id).GetSnapshot()))).Count(s => !s.Stage.IsFinal());
        Assert.True(running > 0, "every session finished before the swap; the test would not show a swap under load");
        var registered = await registry.Register(tiny.Artifact, activate: true);
        Assert.Equal(tiny.Version, registered.Version);
        Assert.True(registered.Active);

        var clock = Stopwatch.StartNew();
        while (ServedVersions().Any(v => v != tiny.Version) && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        Assert.Equal([tiny.Version, tiny.Version, tiny.Version], ServedVersions());

        // Sessions in flight finish on whichever version their silo served at their prediction stage.
        foreach (var id in before)
        {
            var done = await fixture.Client.GetGrain<ISessionGrain>(id).WaitForCompletion(TimeSpan.FromSeconds(60));
            Assert.True(done.Stage == SessionStage.Completed, $"{id}: {done.Stage} {done.Error}");
            Assert.Contains(done.Prediction!.ModelVersion, new[] { ShippedVersion, tiny.Version });
        }

        var after = Enumerable.Range(0, 12).Select(i => $"swap_after_{i}").ToArray();
        await Task.WhenAll(after.Select((id, i) => fixture.Client.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 600 + i))));
        foreach (var id in after)
        {
            var done = await fixture.Client.GetGrain<ISessionGrain>(id).WaitForCompletion(TimeSpan.FromSeconds(60));
            Assert.True(done.Stage == SessionStage.Completed, $"{id}: {done.Stage} {done.Error}");
            Assert.Equal(tiny.Version, done.Prediction!.ModelVersion);
        }

        var versions = await registry.List();
        Assert.Equal(2, versions.Count);
        Assert.Equal(tiny.Version, Assert.Single(versions, v => v.Active).Version);
        Assert.Equal(tiny.Artifact.Model, (await registry.GetActive())!.Model);

        // Back to the shipped version: an activation without registering, announced the same way.
        Assert.NotNull(await registry.Activate(ShippedVersion));
        clock.Restart();
        while (ServedVersions().Any(v => v != ShippedVersion) && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        Assert.Equal([ShippedVersion, ShippedVersion, ShippedVersion], ServedVersions());
        Assert.Null(await registry.Activate("no-such-version"));
    }

    [Fact]
    public async Task An_artifact_that_is_not_an_outcome_model_is_refused_and_not_listed()
    {
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>(0);
        var shipped = await registry.GetActive();
        var broken = new ModelArtifact([1, 2, 3], shipped!.MetadataJson.Replace(ShippedVersion, "broken-1"));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => registry.Register(broken, activate: true));
        Assert.Contains("model.zip", refused.Message);
        Assert.DoesNotContain(await registry.List(), v => v.Version == "broken-1");
    }

    private string[] ServedVersions() => fixture.Cluster.Silos
        .Select(s => fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ActiveOutcomeModel>().Current.Version)
        .ToArray();
}
