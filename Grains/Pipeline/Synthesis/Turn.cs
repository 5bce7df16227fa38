namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>One utterance before it is tagged and roughened into a transcript line.</summary>
internal readonly record struct Turn(bool ByCounselor, string Text)
{
    public static Turn Counselor(string text) => new(true, text);
    public static Turn Customer(string text) => new(false, text);
}
