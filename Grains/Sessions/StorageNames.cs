namespace Counseling.Grains.Sessions;

/// <summary>Names of the grain storage providers the silo configures.</summary>
public static class StorageNames
{
    public const string Sessions = "sessions";
}
