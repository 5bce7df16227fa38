using System.Buffers;
using System.Text;

namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// Text in the form lexicons match against: letters and digits only, Latin lower-cased, NFC,
/// every run of mask characters (▲ ○ ● ■ *) collapsed to one ▲.
/// Spaces and punctuation are removed because ASR spacing in Korean is unreliable
/// (도와 드릴까요 / 도와드릴까요) and commas or periods fall anywhere; entries are normalised the
/// same way, so a phrase matches however the transcript happened to space it.
/// Normalise an utterance once and match it against every lexicon.
/// </summary>
public readonly struct MatchText
{
    public const char Mask = '▲';

    private MatchText(string value) => Value = value;

    public string Value { get; }

    public int Length => Value?.Length ?? 0;

    public static MatchText Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new MatchText(string.Empty);
        if (!text.IsNormalized(NormalizationForm.FormC)) text = text.Normalize(NormalizationForm.FormC);

        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var length = 0;
            foreach (var c in text)
            {
                if (IsMaskChar(c))
                {
                    if (length == 0 || buffer[length - 1] != Mask) buffer[length++] = Mask;
                }
                else if (c is >= 'A' and <= 'Z') buffer[length++] = (char)(c | 0x20);
                else if (c < 0x80 ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c)) buffer[length++] = c;
            }
            return new MatchText(length == text.Length ? text : new string(buffer, 0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    public static bool IsMaskChar(char c) => c is '▲' or '△' or '○' or '●' or '■' or '□' or '*' or '＊';

    public override string ToString() => Value ?? string.Empty;
}
