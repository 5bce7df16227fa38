using Counseling.Grains.Interfaces;

namespace Counseling.Grains.Diagnostics;

/// <summary>
/// The sessions this silo has run since it started: running now, ended per final status, and the last
/// <see cref="SamplesPerStage"/> durations of each stage. Per silo and in memory on purpose: the Api sums
/// the silos, and durable counts come from the prediction history.
/// </summary>
public sealed class SessionStatistics
{
    public const int SamplesPerStage = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _finished = new(StringComparer.Ordinal);
    private readonly Dictionary<SessionStage, (double[] Seconds, long Written)> _stages = new();
    private long _running;

    public DateTimeOffset Since { get; } = DateTimeOffset.UtcNow;

    /// <summary>A session's pipeline started running on this silo (also when it resumes here).</summary>
    public void Started() => Interlocked.Increment(ref _running);

    /// <summary>The run that <see cref="Started"/> counted returned, final or not.</summary>
    public void Stopped() => Interlocked.Decrement(ref _running);

    public void StageFinished(SessionStage stage, double seconds)
    {
        lock (_lock)
        {
            var (samples, written) = _stages.TryGetValue(stage, out var held) ? held : (new double[SamplesPerStage], 0L);
            samples[written % SamplesPerStage] = seconds;
            _stages[stage] = (samples, written + 1);
        }
    }

    public void Finished(SessionStage stage)
    {
        lock (_lock)
        {
            var status = stage.Status();
            _finished[status] = _finished.GetValueOrDefault(status) + 1;
        }
    }

    public SiloStatistics Snapshot(string silo)
    {
        lock (_lock)
        {
            return new SiloStatistics(silo, Since, Interlocked.Read(ref _running), new Dictionary<string, long>(_finished),
                _stages.ToDictionary(s => StageName(s.Key), s => s.Value.Seconds[..(int)Math.Min(s.Value.Written, SamplesPerStage)]));
        }
    }

    /// <summary>The stage names the results endpoint uses for pipeline_steps.</summary>
    public static string StageName(SessionStage stage) => stage switch
    {
        SessionStage.Preprocessing => "preprocessing",
        SessionStage.Extracting => "feature_extraction",
        SessionStage.Building => "dataset_creation",
        SessionStage.Predicting => "prediction",
        _ => stage.ToString().ToLowerInvariant(),
    };
}
