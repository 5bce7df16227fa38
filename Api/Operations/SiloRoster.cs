using Counseling.Grains.Interfaces;

namespace Counseling.Api.Operations;

/// <summary>One silo's answer to a question put to every silo, or why it gave none.</summary>
internal sealed record SiloAnswer<T>(string Silo, T? Value, string? Error) where T : class;

/// <summary>Puts one question to every active silo through its <see cref="ISiloDiagnosticsGrain"/>.</summary>
internal static class SiloRoster
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<string>> Active(IClusterClient cluster) =>
        (await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Patience)).Keys
        .Select(s => s.ToParsableString()).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Asks in parallel; a silo that fails or does not answer within <see cref="Patience"/> is reported with
    /// the reason (a silo can die between the membership read and the call) instead of failing the whole answer.
    /// </summary>
    public static async Task<IReadOnlyList<SiloAnswer<T>>> AskEach<T>(IClusterClient cluster, Func<ISiloDiagnosticsGrain, Task<T>> ask)
        where T : class
    {
        var silos = await Active(cluster);
        return await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                return new SiloAnswer<T>(silo, await ask(cluster.GetGrain<ISiloDiagnosticsGrain>(silo)).WaitAsync(Patience), null);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                return new SiloAnswer<T>(silo, null, $"{e.GetType().Name}: {e.Message}");
            }
        }));
    }
}
