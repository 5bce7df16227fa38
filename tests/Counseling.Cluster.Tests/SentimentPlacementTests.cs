using Counseling.Grains.Interfaces;

namespace Counseling.Cluster.Tests;

public sealed class GpuPlacementTests(OneGpuOfThree fixture) : IClassFixture<OneGpuOfThree>
{
    [Fact]
    public async Task Every_sentiment_activation_is_on_the_gpu_silo()
    {
        var gpuSilo = fixture.Cluster.Silos.Single(s => fixture.RolesBySilo[s.Name] == "gpu").SiloAddress.ToParsableString();
        // Sessions on every silo call the worker; then the worker says where it runs, many times over.
        var sessions = Enumerable.Range(0, 12).Select(i => fixture.Client.GetGrain<ISessionGrain>($"placement_{i}")).ToArray();
        await Task.WhenAll(sessions.Select(s => s.Submit(Dialogues.Submission(3))));
        var finals = await Task.WhenAll(sessions.Select(s => s.WaitForCompletion(TimeSpan.FromSeconds(20))));
        Assert.All(finals, f => Assert.True(f.Stage == SessionStage.Completed, $"{f.SessionId}: {f.Stage}, {f.Error}"));

        var where = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => fixture.Client.GetGrain<ISentimentWorkerGrain>(0).Where()));
        Assert.All(where, w => Assert.Equal(gpuSilo, w));
    }
}

public sealed class CpuFallbackTests(CpuOnly fixture) : IClassFixture<CpuOnly>
{
    [Fact]
    public async Task Without_a_gpu_silo_workers_run_on_any_silo()
    {
        var scores = await fixture.Client.GetGrain<ISentimentWorkerGrain>(0).Score(["정말 감사합니다", "너무 화가 나요"]);
        Assert.Equal(2, scores.Length);
        Assert.True(scores[0].ExpectedStars > scores[1].ExpectedStars);
        var silos = fixture.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).ToHashSet();
        Assert.Contains(await fixture.Client.GetGrain<ISentimentWorkerGrain>(0).Where(), silos);
    }
}

public sealed class StrictPlacementTests(CpuOnlyStrict fixture) : IClassFixture<CpuOnlyStrict>
{
    [Fact]
    public async Task Strict_placement_without_a_gpu_silo_refuses_clearly()
    {
        var error = await Assert.ThrowsAsync<OrleansException>(() => fixture.Client.GetGrain<ISentimentWorkerGrain>(0).Score(["안녕하세요"]));
        Assert.Contains("No active nodes are compatible", error.Message);
    }
}
