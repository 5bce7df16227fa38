using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Training;

/// <summary>What a retrain job persists: written when it is accepted, at each step, and when it ends.</summary>
[GenerateSerializer, Alias("counseling.retrain-job-state")]
public sealed class RetrainJobState
{
    [Id(0)] public RetrainStatus Status { get; set; }
    [Id(1)] public RetrainRequest? Request { get; set; }
    [Id(2)] public string Step { get; set; } = "";
    [Id(3)] public double Progress { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(6)] public int TrainingExamples { get; set; }
    [Id(7)] public RetrainFigures? Candidate { get; set; }
    [Id(8)] public RetrainFigures? Active { get; set; }
    [Id(9)] public bool Activated { get; set; }
    [Id(10)] public string? Decision { get; set; }
    [Id(11)] public string? Error { get; set; }
}
