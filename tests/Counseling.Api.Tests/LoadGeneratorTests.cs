using System.Text.Json;
using Counseling.Cli.Load;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Counseling.Api.Tests;

/// <summary>
/// The load generator against the real Api on Kestrel (a real socket, not the in-memory test server):
/// what it counts must be what the server answered.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class LoadGeneratorTests(LoadGeneratorTests.KestrelApi api)
{
    [Fact]
    public async Task Realtime_requests_are_counted_by_status_with_latency_figures()
    {
        var report = await new LoadGenerator(Options(LoadMode.Realtime, KestrelApi.Key) with { Requests = 24, Clients = 4 }).RunAsync();

        Assert.Equal(24, report.Sent);
        Assert.Equal(0, report.Errors);
        Assert.Equal(24, report.ByStatus.GetValueOrDefault(200) + report.LateAnswers);
        Assert.InRange(report.Latency.P50, 0.1, 30_000);
        Assert.True(report.Latency.P50 <= report.Latency.P99 && report.Latency.P99 <= report.Latency.Max);
        var line = JsonDocument.Parse(report.JsonLine()).RootElement;
        Assert.Equal(24, line.GetProperty("requests").GetInt32());
        Assert.Equal("realtime", line.GetProperty("mode").GetString());
        Assert.Contains("req/s", report.Table());
    }

    [Fact]
    public async Task Background_requests_are_drained_until_every_session_is_final()
    {
        var report = await new LoadGenerator(Options(LoadMode.Background, KestrelApi.Key) with { Requests = 30, Clients = 6, Rate = 60 }).RunAsync();

        Assert.Equal(30, report.ByStatus.GetValueOrDefault(202));
        Assert.Equal(30, report.Completed);
        Assert.Equal(0, report.NotFinished);
        Assert.NotNull(report.CompletedPerSecond);
    }

    [Fact]
    public async Task Refused_requests_are_errors_under_their_status()
    {
        var report = await new LoadGenerator(Options(LoadMode.Realtime, "not-a-key") with { Requests = 5, Warmup = 0 }).RunAsync();

        Assert.Equal(5, report.Errors);
        Assert.Equal(5, report.ByStatus[401]);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_reported_instead_of_measured()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var options = Options(LoadMode.Realtime, KestrelApi.Key) with { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Requests = 3, Warmup = 2 };
        await Assert.ThrowsAsync<HttpRequestException>(() => new LoadGenerator(options).RunAsync());
    }

    private LoadOptions Options(LoadMode mode, string key) => new()
    {
        BaseAddress = api.Address, ApiKey = key, Mode = mode, Turns = 20, Warmup = 2, Clients = 2,
    };

    /// <summary>The Api on Kestrel at a free port, with a key whose rate limit a load run does not reach.</summary>
    public sealed class KestrelApi : WebApplicationFactory<Program>
    {
        public const string Key = "load-test-key";

        public KestrelApi() => UseKestrel(0);

        public Uri Address
        {
            get
            {
                StartServer();
                using var client = CreateClient();
                return client.BaseAddress!;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Auth:ApiKeys:0:Name", "load");
            builder.UseSetting("Auth:ApiKeys:0:Key", Key);
            builder.UseSetting("Auth:ApiKeys:0:Roles:0", "ingest");
            builder.UseSetting("Auth:ApiKeys:0:Roles:1", "read");
            builder.UseSetting("Auth:ApiKeys:0:PermitsPerSecond", "10000");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LoadCollection : ICollectionFixture<LoadGeneratorTests.KestrelApi>
{
    public const string Name = "load";
}
