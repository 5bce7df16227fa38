namespace Counseling.Tests.Shared;

/// <summary>Fixed secrets for test clusters whose silos must agree on them.</summary>
public static class TestKeys
{
    /// <summary>32 bytes, base64: the form ENCRYPTION_KEY takes.</summary>
    public const string Encryption = "dGVzdC1rZXktZm9yLWNvdW5zZWxpbmctc2Vzc2lvbnM=";
}
