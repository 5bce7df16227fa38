namespace Counseling.Grains.Pipeline.Preprocessing;

/// <summary>Who is talking in a counseling call.</summary>
public enum Speaker { Counselor, Customer }
