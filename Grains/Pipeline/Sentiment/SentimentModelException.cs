namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>A file of a sentiment model folder is missing or corrupt; the message names the file.</summary>
public sealed class SentimentModelException(string message, Exception? inner = null) : Exception(message, inner);
