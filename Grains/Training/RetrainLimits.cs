namespace Counseling.Grains.Training;

/// <summary>Bounds of a retrain request, shared by the API's validation and the job's own check.</summary>
public static class RetrainLimits
{
    public const double MinValidationSplit = 0.05;
    public const double MaxValidationSplit = 0.5;
    public const double DefaultValidationSplit = 0.2;
}
