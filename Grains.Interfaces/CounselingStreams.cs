using Orleans.Runtime;

namespace Counseling.Grains.Interfaces;

/// <summary>The cluster's streams: one memory stream provider, one stream per kind of news.</summary>
public static class CounselingStreams
{
    public const string Provider = "counseling";

    /// <summary>Stream of <see cref="ModelActivated"/>; one stream for the whole cluster.</summary>
    public static readonly StreamId ModelActivations = StreamId.Create("model-activations", "outcome");

    /// <summary>Stream of <see cref="SessionEvent"/> for every session of the cluster.</summary>
    public static readonly StreamId SessionEvents = StreamId.Create("session-events", "all");
}
