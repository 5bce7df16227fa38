namespace Counseling.Grains.Interfaces;

/// <summary>
/// The cluster could not make a change durable because its storage did not answer. Nothing was accepted:
/// the caller may send the same request again (the Api answers 503 with Retry-After).
/// </summary>
[GenerateSerializer]
[Alias("counseling.storage-unavailable")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
