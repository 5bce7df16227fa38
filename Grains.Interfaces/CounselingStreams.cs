using Orleans.Runtime;

namespace Counseling.Grains.Interfaces;

/// <summary>The cluster's streams: one memory stream provider, one stream per kind of news.</summary>
public static class CounselingStreams
{
    public const string Provider = "counseling";

    /// <summary>Stream of <see cref="ModelActivated"/>; one stream for the whole cluster.</summary>
    public static readonly StreamId ModelActivations = StreamId.Create("model-activations", "outcome");

    /// <summary>
    /// The session-events feed of the whole cluster, as streams of <see cref="SessionEvent"/> that together carry
    /// every session: subscribe to all of them. One stream would put every event of every silo through one queue
    /// grain on one silo; a session always uses the same one, so its events stay in order.
    /// </summary>
    public static IReadOnlyList<StreamId> SessionEvents { get; } =
        Enumerable.Range(0, 8).Select(i => StreamId.Create("session-events", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    /// <summary>The position in <see cref="SessionEvents"/> of the stream that carries this session's events.</summary>
    public static int SessionEventsIndexOf(string sessionId)
    {
        // FNV-1a: the same on every silo and in every process, unlike string.GetHashCode.
        var hash = 2166136261;
        foreach (var c in sessionId) hash = (hash ^ c) * 16777619;
        return (int)(hash % (uint)SessionEvents.Count);
    }
}
