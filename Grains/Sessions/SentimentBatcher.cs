using System.Threading.Channels;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Sentiment;
using Microsoft.Extensions.Hosting;

namespace Counseling.Grains.Sessions;

/// <summary>
/// One per silo: gathers the sentences of concurrent sessions into shared ONNX Runtime batches of
/// BATCH_SIZE (one per core per round), waiting at most <see cref="MaxWait"/> for them to fill, so the
/// session runs full batches under load and a lone request is not held back for long.
/// </summary>
public sealed class SentimentBatcher : BackgroundService
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(4);

    private readonly SentimentScorer _scorer;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private long _batches;
    private long _sentences;

    public SentimentBatcher(SentimentScorer scorer) => _scorer = scorer;

    /// <summary>ONNX Runtime calls since the silo started.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Sentences scored since the silo started.</summary>
    public long Sentences => Interlocked.Read(ref _sentences);

    public Task<SentimentScore[]> Score(string[] sentences)
    {
        if (sentences.Length == 0) return Task.FromResult(Array.Empty<SentimentScore>());
        var request = new Request(sentences, new TaskCompletionSource<SentimentScore[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_requests.Writer.TryWrite(request)) request.Done.SetException(new InvalidOperationException("The sentiment batcher has stopped."));
        return request.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Up to one batch per core per round: the scorer runs them side by side.
        var batchSize = Math.Max(1, _scorer.Options.BatchSize) * Math.Max(1, _scorer.Options.MaxParallelBatches);
        var pending = new List<Request>();
        try
        {
            while (await _requests.Reader.WaitToReadAsync(stoppingToken))
            {
                pending.Clear();
                var count = 0;
                using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                window.CancelAfter(MaxWait);
                while (count < batchSize)
                {
                    if (_requests.Reader.TryRead(out var next))
                    {
                        pending.Add(next);
                        count += next.Sentences.Length;
                        continue;
                    }
                    try
                    {
                        if (!await _requests.Reader.WaitToReadAsync(window.Token)) break;
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                }
                Run(pending);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _requests.Writer.TryComplete();
        while (_requests.Reader.TryRead(out var left)) left.Done.TrySetCanceled();
    }

    private void Run(List<Request> requests)
    {
        try
        {
            var all = requests.SelectMany(r => r.Sentences).ToArray();
            var scores = _scorer.Score(all);
            Interlocked.Add(ref _sentences, all.Length);
            Interlocked.Add(ref _batches, Math.Max(1, (all.Length + _scorer.Options.BatchSize - 1) / _scorer.Options.BatchSize));
            var offset = 0;
            foreach (var request in requests)
            {
                request.Done.TrySetResult(scores.AsSpan(offset, request.Sentences.Length).ToArray());
                offset += request.Sentences.Length;
            }
        }
        catch (Exception e)
        {
            foreach (var request in requests) request.Done.TrySetException(e);
        }
    }

    private sealed record Request(string[] Sentences, TaskCompletionSource<SentimentScore[]> Done);
}
