namespace Counseling.Grains.Pipeline.Features;

/// <summary>A lexicon file is missing or malformed; the message names the file (and line).</summary>
public sealed class LexiconException(string message, Exception? inner = null) : Exception(message, inner);
