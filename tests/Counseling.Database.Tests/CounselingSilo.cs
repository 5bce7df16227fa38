using Counseling.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Counseling.Database.Tests;

/// <summary>
/// One product silo on a test database, wired the way Silo/Program.cs wires it
/// (<c>UseCounselingInfrastructure</c> + <c>AddCounselingGrains</c>), with timings shortened so that
/// failure detection and resumption fit in a test run.
/// </summary>
internal sealed class CounselingSilo : IAsyncDisposable
{
    public const string ServiceId = "counseling-test";

    private readonly IHost _host;
    private bool _stopped;

    private CounselingSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's own services, to look at what it serves.</summary>
    public IServiceProvider Services => _host.Services;

    public SiloAddress Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public static async Task<CounselingSilo> StartAsync(string connectionString, string clusterId, int resumePeriodSeconds = 2, int timeoutSeconds = 600)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Silos in one process share one Npgsql pool; its default of 100 connections is the server's
            // whole default max_connections, and 200 simultaneous submissions would take them all.
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 20 }.ConnectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = ServiceId,
            ["Orleans:SiloPort"] = FreePort().ToString(),
            ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
            ["Silo:Role"] = "cpu",
            ["Sessions:ResumePeriodSeconds"] = resumePeriodSeconds.ToString(),
            ["Sessions:TimeoutSeconds"] = timeoutSeconds.ToString(),
            // Every silo must read what another sealed, as in production.
            ["ENCRYPTION_KEY"] = TestKeys.Encryption,
        }).Build();

        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseCounselingInfrastructure(configuration).AddCounselingGrains(configuration);
                // Declare a killed silo dead after a couple of missed one-second probes instead of the
                // production defaults (tens of seconds); one vote suffices with two silos.
                silo.Configure<ClusterMembershipOptions>(options =>
                {
                    options.ProbeTimeout = TimeSpan.FromSeconds(1);
                    options.NumMissedProbesLimit = 2;
                    options.NumVotesForDeathDeclaration = 1;
                    options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                });
            })
            .Build();
        await host.StartAsync();
        return new CounselingSilo(host);
    }

    /// <summary>A graceful stop: the silo leaves the membership table and deactivates its grains.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync().WaitAsync(StopBound);
        await DisposeHostAsync();
    }

    /// <summary>
    /// As close to a crash as one process allows: a stop whose token is already cancelled skips the
    /// graceful path (no leaving the membership table, no waiting for grains). The survivors have to notice
    /// it by failed probes. Nothing is disposed afterwards, as nothing is when a process dies: disposing the
    /// host after such a stop was seen to hang now and then (an await inside Orleans' or a provider's
    /// disposal that never completes; not yet pinned down), and that is not what this simulates.
    /// </summary>
    public async Task KillAsync()
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            await _host.StopAsync(new CancellationToken(canceled: true)).WaitAsync(StopBound);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // A stop or disposal that hangs fails the test that caused it instead of stalling the whole run.
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(90);

    // Asynchronously: Host.Dispose blocks the test thread on the same disposal, and xunit runs
    // continuations on a small pool of its own threads.
    private async Task DisposeHostAsync()
    {
        try
        {
            await ((IAsyncDisposable)_host).DisposeAsync().AsTask().WaitAsync(StopBound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The silo's services were not disposed within {StopBound.TotalSeconds} s.");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
