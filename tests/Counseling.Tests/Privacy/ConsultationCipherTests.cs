using System.Security.Cryptography;
using System.Text;
using Counseling.Grains.Privacy;

namespace Counseling.Tests.Privacy;

public sealed class ConsultationCipherTests
{
    private const string Text = "상담사: 안녕하세요, 고객님 성함이 어떻게 되시나요?\n고객: 홍길동입니다. 010-1234-5678";

    [Fact]
    public void Sealed_text_opens_to_the_same_text_and_does_not_contain_it()
    {
        var cipher = ConsultationCipher.WithRandomKey();
        var sealedText = cipher.Seal(Text, "s1");

        Assert.Equal(Text, cipher.Open(sealedText, "s1"));
        Assert.DoesNotContain("홍길동", Encoding.UTF8.GetString(sealedText));
        Assert.Equal(-1, sealedText.AsSpan().IndexOf(Encoding.UTF8.GetBytes("010-1234-5678")));
    }

    [Fact]
    public void The_same_text_seals_differently_each_time()
    {
        var cipher = ConsultationCipher.WithRandomKey();
        Assert.NotEqual(cipher.Seal(Text, "s1"), cipher.Seal(Text, "s1"));
    }

    [Fact]
    public void A_blob_moved_to_another_session_or_altered_does_not_open()
    {
        var cipher = ConsultationCipher.WithRandomKey();
        var sealedText = cipher.Seal(Text, "s1");

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedText, "s2"));
        sealedText[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedText, "s1"));
    }

    [Fact]
    public void Another_key_is_named_as_the_reason()
    {
        var sealedText = ConsultationCipher.WithRandomKey().Seal(Text, "s1");
        var error = Assert.ThrowsAny<CryptographicException>(() => ConsultationCipher.WithRandomKey().Open(sealedText, "s1"));
        Assert.Contains("another encryption key", error.Message);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void Keys_that_are_not_32_bytes_of_base64_are_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => ConsultationCipher.FromBase64(key));
    }
}
