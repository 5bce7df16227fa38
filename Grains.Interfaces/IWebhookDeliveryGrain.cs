namespace Counseling.Grains.Interfaces;

/// <summary>
/// The durable delivery of one session version's result to its callback (key = <see cref="WebhookDeliveryKey.Of"/>).
/// It keeps retrying with backoff after the caller has gone, across silo restarts, until delivered or given up.
/// </summary>
[Alias("counseling.webhook-delivery")]
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Persists the delivery and schedules its first attempt; a second call for the same session run changes nothing.</summary>
    [Alias("enqueue")]
    Task<WebhookDeliveryView> Enqueue(WebhookDeliveryRequest request);

    /// <summary>The delivery's state, or null when this session version has none.</summary>
    [Alias("view")]
    Task<WebhookDeliveryView?> GetView();

    /// <summary>Stops any further attempt and removes the stored delivery, result body included.</summary>
    [Alias("delete")]
    Task Delete();
}

public static class WebhookDeliveryKey
{
    // Session ids are letters, digits, '-' and '_', so ':' cannot occur inside one.
    public static string Of(string sessionId, int version) => $"{sessionId}:{version}";
}

/// <summary>What the session hands over when it becomes final: where to send and the result to send.</summary>
[GenerateSerializer, Immutable, Alias("counseling.webhook-delivery-request")]
public sealed record WebhookDeliveryRequest(
    [property: Id(0)] string TargetUrl,
    [property: Id(1)] SessionSnapshot Session);

[GenerateSerializer, Alias("counseling.webhook-delivery-status")]
public enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>A delivery as the results endpoint shows it. The URL is left out: it may carry the receiver's own secrets.</summary>
[GenerateSerializer, Immutable, Alias("counseling.webhook-delivery-view")]
public sealed record WebhookDeliveryView(
    [property: Id(0)] WebhookDeliveryStatus Status,
    [property: Id(1)] int Attempts,
    [property: Id(2)] int? LastStatusCode,
    [property: Id(3)] string? LastError,
    [property: Id(4)] DateTimeOffset? NextAttemptAt,
    [property: Id(5)] DateTimeOffset? DeliveredAt,
    [property: Id(6)] string IdempotencyKey,
    [property: Id(7)] DateTimeOffset? SessionCreatedAt);
