namespace Counseling.Grains.Interfaces;

/// <summary>
/// The ids of uploaded sessions not yet started, so a processing task without ids knows what to run without
/// scanning grain storage. One for the cluster (key 0). It holds ids only, never text.
/// </summary>
[Alias("counseling.upload-registry")]
public interface IUploadRegistryGrain : IGrainWithIntegerKey
{
    [Alias("add")]
    Task Add(IReadOnlyList<string> sessionIds);

    [Alias("remove")]
    Task Remove(IReadOnlyList<string> sessionIds);

    /// <summary>The listed ids in upload order.</summary>
    [Alias("pending")]
    Task<IReadOnlyList<string>> Pending();
}
