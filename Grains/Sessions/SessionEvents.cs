using System.Threading.Channels;
using Counseling.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Counseling.Grains.Sessions;

/// <summary>
/// Announces session progress on <see cref="CounselingStreams.SessionEvents"/>. An announcement is news,
/// not record: it never holds a session up, and a failure to publish is logged (kind and count only) and
/// never fails a session.
/// </summary>
/// <remarks>
/// One per silo. Events wait here and go out as one batch per stream each time the last batch is done, rather
/// than as one call to a stream's queue grain each: six events a session made those calls a sixth of a silo's CPU
/// (one silo, PostgreSQL), and with two silos half of them crossed to the other process. Consumers still receive
/// one <see cref="SessionEvent"/> at a time, and a session's events stay in order, since one silo sends them on
/// one stream. <c>at</c> is when it happened, which may be a little earlier than when it is published.
/// </remarks>
public sealed class SessionEvents(IServiceProvider services, ILogger<SessionEvents> logger) : BackgroundService
{
    // Far above any rate the silo reaches; bounded so a stream provider that stops answering cannot grow the
    // heap without end: past it, the newest news is dropped.
    private const int Capacity = 100_000;

    private readonly Channel<SessionEvent> _pending = Channel.CreateBounded<SessionEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public void Accepted(string sessionId, DateTimeOffset at) => Add(new SessionEvent(sessionId, SessionEventKind.Accepted, SessionStage.Received, at));

    public void StageFinished(string sessionId, SessionStage stage, DateTimeOffset at) =>
        Add(new SessionEvent(sessionId, SessionEventKind.StageFinished, stage, at));

    /// <summary>The final stage: completed (with its label), failed or cancelled.</summary>
    public void Finished(string sessionId, SessionStage stage, string? label, DateTimeOffset at) => Add(new SessionEvent(sessionId,
        stage switch
        {
            SessionStage.Completed => SessionEventKind.Completed,
            SessionStage.Cancelled => SessionEventKind.Cancelled,
            _ => SessionEventKind.Failed,
        },
        stage, at, stage == SessionStage.Completed ? label : null));

    private void Add(SessionEvent news) => _pending.Writer.TryWrite(news);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batches = CounselingStreams.SessionEvents.Select(_ => new List<SessionEvent>()).ToArray();
        IAsyncStream<SessionEvent>[]? streams = null;
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                // Looked up at the first event, when the silo is serving grains, not while it starts.
                streams ??= CounselingStreams.SessionEvents
                    .Select(services.GetRequiredKeyedService<IStreamProvider>(CounselingStreams.Provider).GetStream<SessionEvent>).ToArray();
                await PublishWaiting(streams, batches);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what the last sessions announced still goes out.
            if (streams is not null) await PublishWaiting(streams, batches);
        }
    }

    private async Task PublishWaiting(IAsyncStream<SessionEvent>[] streams, List<SessionEvent>[] batches)
    {
        while (_pending.Reader.TryRead(out var news)) batches[CounselingStreams.SessionEventsIndexOf(news.SessionId)].Add(news);
        await Task.WhenAll(streams.Select((stream, i) => Publish(stream, batches[i])));
        foreach (var batch in batches) batch.Clear();
    }

    private async Task Publish(IAsyncStream<SessionEvent> stream, List<SessionEvent> batch)
    {
        if (batch.Count == 0) return;
        try
        {
            await stream.OnNextBatchAsync(batch.ToArray());
        }
        catch (Exception e)
        {
            logger.LogWarning("{Count} session events not published on {Stream}: {Error}", batch.Count, stream.StreamId, e.GetType().Name);
        }
    }
}
