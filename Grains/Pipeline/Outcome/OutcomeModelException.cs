namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>An outcome model folder that is missing, corrupt or built for another feature schema.</summary>
public sealed class OutcomeModelException(string message, Exception? inner = null) : Exception(message, inner);
