using Counseling.Grains.Interfaces;
using Counseling.Grains.Placement;
using Counseling.Grains.Sessions;
using Counseling.Silo;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Counseling.Cluster.Tests;

/// <summary>
/// An in-process cluster of real silos with the product's grains and models; <paramref name="roles"/>
/// gives each silo its role, in start order.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private readonly string[] _roles;
    private readonly bool _strict;

    protected ClusterFixture(bool strict, params string[] roles)
    {
        _roles = roles;
        _strict = strict;
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder((short)_roles.Length);
        var started = 0;
        var roleOfSilo = new Dictionary<string, string>();
        builder.ConfigureSilo((options, silo) =>
        {
            lock (roleOfSilo)
            {
                if (!roleOfSilo.TryGetValue(options.SiloName, out var role)) roleOfSilo[options.SiloName] = role = _roles[started++ % _roles.Length];
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Silo:Role"] = role,
                    ["Sentiment:StrictGpuPlacement"] = _strict ? "true" : "false",
                    // Every silo must read what another sealed, as in production.
                    ["ENCRYPTION_KEY"] = TestKeys.Encryption,
                }).Build();
                silo.AddMemoryGrainStorage(StorageNames.Sessions).AddMemoryGrainStorage(StorageNames.PubSub).UseInMemoryReminderService().AddCounselingGrains(configuration);
            }
        });
        // The tests listen to the cluster's streams as an API host would.
        builder.ConfigureClient(client => client.AddMemoryStreams(CounselingStreams.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        RolesBySilo = roleOfSilo;
    }

    /// <summary>Silo name → role, as the silos were configured.</summary>
    public IReadOnlyDictionary<string, string> RolesBySilo { get; private set; } = new Dictionary<string, string>();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class OneGpuOfThree() : ClusterFixture(false, SiloRoles.Gpu, SiloRoles.Cpu, SiloRoles.Cpu);

public sealed class CpuOnly() : ClusterFixture(false, SiloRoles.Cpu, SiloRoles.Cpu);

/// <summary>Three silos for the model-registry tests alone: they change the model the cluster serves.</summary>
public sealed class ThreeCpu() : ClusterFixture(false, SiloRoles.Cpu, SiloRoles.Cpu, SiloRoles.Cpu);

public sealed class CpuOnlyStrict() : ClusterFixture(true, SiloRoles.Cpu);
