using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Webhooks;

/// <summary>What a delivery persists: the exact body, so every retry sends the same signed bytes, and its progress.</summary>
[GenerateSerializer, Alias("counseling.webhook-delivery-state")]
public sealed class WebhookDeliveryState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string TargetUrl { get; set; } = "";
    [Id(2)] public byte[] Body { get; set; } = [];
    [Id(3)] public string IdempotencyKey { get; set; } = "";
    [Id(4)] public WebhookDeliveryStatus Status { get; set; }
    [Id(5)] public int Attempts { get; set; }
    [Id(6)] public int? LastStatusCode { get; set; }
    [Id(7)] public string? LastError { get; set; }
    [Id(8)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(9)] public DateTimeOffset? DeliveredAt { get; set; }
    [Id(10)] public DateTimeOffset EnqueuedAt { get; set; }
    [Id(11)] public DateTimeOffset? SessionCreatedAt { get; set; }

    public WebhookDeliveryView View() => new(Status, Attempts, LastStatusCode, LastError, NextAttemptAt, DeliveredAt, IdempotencyKey, SessionCreatedAt);
}
