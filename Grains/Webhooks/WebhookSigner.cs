using System.Security.Cryptography;

namespace Counseling.Grains.Webhooks;

/// <summary>
/// The X-Signature header: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes under the
/// shared signing secret. Receivers recompute it over the raw body before parsing and compare in constant time.
/// </summary>
public sealed class WebhookSigner(string secret)
{
    public const string Prefix = "sha256=";
    private readonly byte[] _key = System.Text.Encoding.UTF8.GetBytes(secret);

    public string Sign(ReadOnlySpan<byte> body) => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, body));

    public bool Verifies(ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Sign(body)), System.Text.Encoding.ASCII.GetBytes(signature));
}
