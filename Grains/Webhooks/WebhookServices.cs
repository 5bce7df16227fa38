using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Counseling.Grains.Webhooks;

public static class WebhookServices
{
    /// <summary>
    /// The callback policy, the sender and its HTTP client. The client connects only to addresses the policy
    /// allows, checked on the addresses it actually connects to, so a name that resolves differently between
    /// the check and the connection (DNS rebinding) still cannot reach inside. It follows no redirects for the
    /// same reason, and logs no URLs, which may carry the receiver's tokens.
    /// </summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.TryAddSingleton<CallbackUrlPolicy>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => Handler(provider.GetRequiredService<CallbackUrlPolicy>()))
            .RemoveAllLoggers();
        return services;
    }

    private static SocketsHttpHandler Handler(CallbackUrlPolicy policy) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var allowed = addresses.Where(policy.AddressAllowed).ToArray();
            if (allowed.Length == 0 || allowed.Length != addresses.Length)
                throw new HttpRequestException($"Refused to connect to '{host}': it resolves to an address callbacks may not reach.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
