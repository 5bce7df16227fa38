using System.Security.Cryptography;
using System.Text;

namespace Counseling.Grains.Privacy;

/// <summary>
/// Seals consultation text for storage with AES-256-GCM. The session id is authenticated with each blob, so
/// a row copied under another session's key does not open. Layout: format byte, key id (4 bytes of the key's
/// SHA-256, to tell a wrong key from tampering), nonce (12), tag (16), ciphertext.
/// </summary>
public sealed class ConsultationCipher
{
    private const byte Format = 1;
    private const int KeyIdSize = 4;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + KeyIdSize + NonceSize + TagSize;

    private readonly byte[] _key;
    private readonly byte[] _keyId;

    public ConsultationCipher(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException($"The encryption key must be 32 bytes (AES-256); it is {key.Length}.", nameof(key));
        _key = key.ToArray();
        _keyId = SHA256.HashData(key)[..KeyIdSize];
    }

    /// <summary>A fresh random key, for the embedded default whose state lives only as long as the process.</summary>
    public static ConsultationCipher WithRandomKey() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Reads a key given as base64 (the form `openssl rand -base64 32` prints).</summary>
    public static ConsultationCipher FromBase64(string key)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException("The encryption key is not valid base64; generate one with `openssl rand -base64 32`.");
        }
        return new ConsultationCipher(bytes);
    }

    public byte[] Seal(string text, string sessionId)
    {
        var plain = Encoding.UTF8.GetBytes(text);
        var sealedBlob = new byte[HeaderSize + plain.Length];
        sealedBlob[0] = Format;
        _keyId.CopyTo(sealedBlob, 1);
        var nonce = sealedBlob.AsSpan(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBlob.AsSpan(HeaderSize), sealedBlob.AsSpan(1 + KeyIdSize + NonceSize, TagSize),
            Encoding.UTF8.GetBytes(sessionId));
        return sealedBlob;
    }

    public string Open(byte[] sealedBlob, string sessionId)
    {
        if (sealedBlob.Length < HeaderSize || sealedBlob[0] != Format)
            throw new CryptographicException("Stored consultation text is not in a format this service writes.");
        if (!sealedBlob.AsSpan(1, KeyIdSize).SequenceEqual(_keyId))
            throw new CryptographicException("Stored consultation text was sealed with another encryption key than the configured one.");
        var plain = new byte[sealedBlob.Length - HeaderSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBlob.AsSpan(1 + KeyIdSize, NonceSize), sealedBlob.AsSpan(HeaderSize), sealedBlob.AsSpan(1 + KeyIdSize + NonceSize, TagSize),
            plain, Encoding.UTF8.GetBytes(sessionId));
        return Encoding.UTF8.GetString(plain);
    }
}
