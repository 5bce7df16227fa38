namespace Counseling.Grains.Sessions;

/// <summary>Names of the grain storage providers the silo configures.</summary>
public static class StorageNames
{
    public const string Sessions = "sessions";

    /// <summary>The stream subscriptions; the name Orleans' pub-sub looks for.</summary>
    public const string PubSub = "PubSubStore";
}
