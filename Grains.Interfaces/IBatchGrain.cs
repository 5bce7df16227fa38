namespace Counseling.Grains.Interfaces;

/// <summary>
/// A set of stored sessions run through the pipeline with at most a given number in flight (key = <see cref="BatchKey"/>).
/// A Callytics batch and a processing task are both batches; the key says which. It persists what it has started and
/// seen finish, so a batch whose silo went away carries on from there when it is activated again.
/// </summary>
[Alias("counseling.batch")]
public interface IBatchGrain : IGrainWithStringKey
{
    /// <summary>Starts the batch; a batch that exists already is returned as it is, so posting it twice does the work once.</summary>
    [Alias("start")]
    Task<BatchView> Start(BatchOrder order);

    /// <summary>The batch's progress; <see cref="BatchState.None"/> when no batch has this key.</summary>
    [Alias("view")]
    Task<BatchView> GetView();

    /// <summary>Starts no further session and cancels those in flight; a finished batch stays as it is.</summary>
    [Alias("cancel")]
    Task<BatchView> Cancel();
}

public static class BatchKey
{
    // Batch and task ids follow the session id rule (letters, digits, '-', '_'), so '/' separates the kind safely.
    public static string Callytics(string batchId) => $"callytics/{batchId}";

    public static string Task(string taskId) => $"task/{taskId}";
}

/// <param name="SessionIds">Sessions already stored (uploaded); run in this order.</param>
[GenerateSerializer, Immutable, Alias("counseling.batch-order")]
public sealed record BatchOrder([property: Id(0)] IReadOnlyList<string> SessionIds, [property: Id(1)] int MaxConcurrent);

[GenerateSerializer, Alias("counseling.batch-state")]
public enum BatchState
{
    None = 0,
    Running = 1,
    Completed = 2,
    Cancelled = 3,
}

/// <param name="Status">"pending" until the batch starts it, then the session's own status word.</param>
[GenerateSerializer, Immutable, Alias("counseling.batch-session")]
public sealed record BatchSessionView(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Status,
    [property: Id(2)] string? Prediction,
    [property: Id(3)] double? Confidence,
    [property: Id(4)] string? Error);

/// <param name="PeakInFlight">The most sessions this batch had started and not seen finish at one time.</param>
[GenerateSerializer, Immutable, Alias("counseling.batch-view")]
public sealed record BatchView(
    [property: Id(0)] BatchState State,
    [property: Id(1)] int MaxConcurrent,
    [property: Id(2)] IReadOnlyList<BatchSessionView> Sessions,
    [property: Id(3)] DateTimeOffset? CreatedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt,
    [property: Id(5)] int PeakInFlight)
{
    public int Total => Sessions.Count;

    /// <summary>Sessions per status word, every word the batch can show present (zero when none).</summary>
    public IReadOnlyDictionary<string, int> Counts()
    {
        var counts = new[] { "pending", "processing", "completed", "failed", "cancelled", "not_found" }.ToDictionary(s => s, _ => 0);
        foreach (var s in Sessions) counts[s.Status] = counts.GetValueOrDefault(s.Status) + 1;
        return counts;
    }

    /// <summary>The share of sessions that are final (or found missing), 0–100.</summary>
    public double Percent => Total == 0 ? 100 : Math.Round(100.0 * Sessions.Count(s => s.Status is "completed" or "failed" or "cancelled" or "not_found") / Total, 1);
}
