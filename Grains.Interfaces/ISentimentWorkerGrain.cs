namespace Counseling.Grains.Interfaces;

/// <summary>Scores sentences with the sentiment model; runs on GPU silos when the cluster has them.</summary>
[Alias("counseling.sentiment-worker")]
public interface ISentimentWorkerGrain : IGrainWithIntegerKey
{
    [Alias("score")]
    Task<SentimentScore[]> Score(string[] sentences);

    /// <summary>The silo this activation runs on and its role, for operators and placement tests.</summary>
    [Alias("where")]
    Task<string> Where();
}
