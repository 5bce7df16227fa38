namespace Counseling.Grains.Training;

/// <summary>Retraining settings (section <c>Retrain</c>).</summary>
public sealed class RetrainOptions
{
    public const string Section = "Retrain";

    /// <summary>
    /// The folder on the silos under which training files may be named; file training is off without it, so
    /// an API caller can never make a silo read an arbitrary path.
    /// </summary>
    public string? DataRoot { get; set; }

    /// <summary>
    /// How much lower the candidate's macro-F1 may be than the active model's, on the same validation
    /// sessions, and still be activated. 0: never worse.
    /// </summary>
    public double Tolerance { get; set; }

    /// <summary>How long a job's activation is kept alive while it trains, at most.</summary>
    public int TimeoutMinutes { get; set; } = 30;
}
