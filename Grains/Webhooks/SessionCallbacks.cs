using Counseling.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Counseling.Grains.Webhooks;

/// <summary>How a finished session hands its result to the webhook delivery, kept out of the session grain.</summary>
public static class SessionCallbacks
{
    /// <summary>
    /// Enqueues the delivery when the session has somewhere to send it. Called before the session persists
    /// its final stage, so a crash in between re-runs the hand-over rather than losing it; a failure is the
    /// caller's to retry (the delivery grain is keyed by session and version, so a repeat is one delivery).
    /// </summary>
    public static async Task Enqueue(IGrainFactory grains, IServiceProvider services, SessionSnapshot session, string? callbackUrl)
    {
        if (session.Stage is not (SessionStage.Completed or SessionStage.Failed)) return;
        var target = services.GetService<IOptions<WebhookOptions>>()?.Value.TargetFor(callbackUrl);
        if (target is null) return;
        await grains.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryKey.Of(session.SessionId, session.Version))
            .Enqueue(new WebhookDeliveryRequest(target, session));
    }
}
