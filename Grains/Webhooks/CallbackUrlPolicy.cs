using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Counseling.Grains.Webhooks;

/// <summary>
/// Whether a callback URL may receive results: https, a host on the allow-list, and only public addresses,
/// each relaxed only by its own setting. Checked when a request arrives and again before every attempt,
/// because what a name resolves to can change in between (DNS rebinding).
/// </summary>
public sealed class CallbackUrlPolicy(IOptions<WebhookOptions> options)
{
    private WebhookOptions Options => options.Value;

    /// <summary>Why <paramref name="url"/> is refused, or null when it may be used.</summary>
    public async Task<string?> Refusal(string url, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(Options.SigningSecret))
            return "This server sends no callbacks: Webhooks:SigningSecret is not configured.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return "callback_url must be an absolute https URL.";
        if (uri.Scheme == "http" && !Options.AllowHttp)
            return "callback_url must use https.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "callback_url must not carry credentials.";
        if (!HostAllowed(uri.IdnHost))
            return $"The host '{uri.Host}' is not on the callback allow-list.";

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"The host '{uri.Host}' does not resolve.";
        }
        if (addresses.Length == 0) return $"The host '{uri.Host}' does not resolve.";
        if (addresses.FirstOrDefault(a => !AddressAllowed(a)) is { } inside)
            return $"The host '{uri.Host}' resolves to {Describe(inside)}, which callbacks may not reach.";
        return null;
    }

    public bool AddressAllowed(IPAddress address) => Options.AllowPrivateNetworks || NetworkRanges.IsPublic(address);

    private bool HostAllowed(string host)
    {
        // The operator's own Callytics endpoint needs no separate listing.
        if (Uri.TryCreate(Options.CallyticsEndpoint, UriKind.Absolute, out var endpoint) && string.Equals(endpoint.IdnHost, host, StringComparison.OrdinalIgnoreCase))
            return true;
        foreach (var entry in Options.AllowedHosts.SelectMany(e => e.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)))
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                if (host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase) && host.Length > entry.Length - 1) return true;
            }
            else if (string.Equals(entry.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(IPAddress address) =>
        IPAddress.IsLoopback(address) ? "a loopback address" : "a private or reserved address";
}
