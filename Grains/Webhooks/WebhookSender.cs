using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Counseling.Grains.Webhooks;

/// <summary>What one attempt came to: the receiver's status code, or why there was none.</summary>
public sealed record WebhookAttempt(bool Delivered, bool Retryable, int? StatusCode, string? Error);

/// <summary>
/// One POST of a delivery's body with its headers. It decides nothing about retries beyond saying whether
/// the answer is worth another try: network failures, timeouts, 408, 429 and 5xx are; other 4xx are not.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, CallbackUrlPolicy policy, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "webhooks";
    public const string SignatureHeader = "X-Signature";
    public const string TimestampHeader = "X-Signature-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string AttemptHeader = "X-Webhook-Attempt";
    public const string ApiKeyHeader = "X-API-Key";

    public async Task<WebhookAttempt> Send(string target, byte[] body, string idempotencyKey, int attempt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (await policy.Refusal(target, cancellationToken) is { } refusal)
            return new WebhookAttempt(false, false, null, refusal);

        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(SignatureHeader, new WebhookSigner(settings.SigningSecret!).Sign(body));
        request.Headers.TryAddWithoutValidation(TimestampHeader, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        request.Headers.TryAddWithoutValidation(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(settings.CallyticsApiKey)) request.Headers.TryAddWithoutValidation(ApiKeyHeader, settings.CallyticsApiKey);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.AttemptTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new WebhookAttempt(true, false, code, null);
            var retryable = code is 408 or 429 || code >= 500;
            return new WebhookAttempt(false, retryable, code, $"the receiver answered {code} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, true, null, $"no answer within {settings.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(false, true, null, e.Message);
        }
    }
}
