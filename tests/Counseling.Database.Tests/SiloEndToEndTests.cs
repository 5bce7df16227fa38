using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Counseling.Database.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<bool> HasReminder();
}

[GenerateSerializer, Alias("Counseling.Database.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)] public int Count { get; set; }
}

public sealed class CounterGrain([PersistentState("counter", "Default")] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain, IRemindable
{
    public async Task<int> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public async Task<bool> HasReminder()
    {
        await this.RegisterOrUpdateReminder("follow-up", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        return await this.GetReminder("follow-up") is not null;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

/// <summary>
/// A real silo on the migrated database, with ADO.NET clustering, grain storage and reminders, proves
/// that the providers accept the stored queries (they validate the key set at start-up) and that state
/// written by one silo is read back by the next.
/// </summary>
public class SiloEndToEndTests
{
    [Fact]
    public async Task State_written_by_one_silo_is_read_by_the_next()
    {
        await using var database = await TestDatabase.MigratedAsync();
        var clusterId = $"test-{Guid.NewGuid():N}";

        using (var first = await StartSiloAsync(database.ConnectionString, clusterId))
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("session_40001");
            Assert.Equal(1, await grain.Increment());
            Assert.Equal(2, await grain.Increment());
            Assert.True(await grain.HasReminder());
            await first.StopAsync();
        }

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM orleans_storage"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminders"));
        Assert.True(await database.ScalarAsync<long>($"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{clusterId}'") >= 1);

        using var second = await StartSiloAsync(database.ConnectionString, clusterId);
        var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("session_40001");
        Assert.Equal(3, await again.Increment());
        await second.StopAsync();
    }

    private static async Task<IHost> StartSiloAsync(string connectionString, string clusterId)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = "counseling-test";
                });
                silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, FreePort(), FreePort());
                silo.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage("Default", options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
                silo.UseAdoNetReminderService(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
