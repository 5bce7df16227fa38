namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>One turn of the dialogue: normalised text, masked spans as <c>▲▲▲</c>.</summary>
public sealed record Utterance(Speaker Speaker, string Text);
