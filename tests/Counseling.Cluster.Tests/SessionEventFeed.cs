using System.Collections.Concurrent;
using Counseling.Grains.Interfaces;
using Orleans.Streams;

namespace Counseling.Cluster.Tests;

/// <summary>What a consumer of the cluster's session events does: subscribe to every stream of the feed.</summary>
public sealed class SessionEventFeed : IAsyncDisposable
{
    private readonly List<StreamSubscriptionHandle<SessionEvent>> _subscriptions = [];

    private SessionEventFeed()
    {
    }

    public ConcurrentQueue<SessionEvent> Received { get; } = new();

    public static async Task<SessionEventFeed> Listen(IClusterClient client)
    {
        var feed = new SessionEventFeed();
        var provider = client.GetStreamProvider(CounselingStreams.Provider);
        foreach (var id in CounselingStreams.SessionEvents)
        {
            feed._subscriptions.Add(await provider.GetStream<SessionEvent>(id).SubscribeAsync((e, _) =>
            {
                feed.Received.Enqueue(e);
                return Task.CompletedTask;
            }));
        }
        return feed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions) await subscription.UnsubscribeAsync();
    }
}
