using Counseling.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Counseling.Grains.Sessions;

/// <summary>
/// Announces session progress on <see cref="CounselingStreams.SessionEvents"/>. An announcement is news,
/// not record: a failure to publish is logged (kind and id only) and never fails the session.
/// </summary>
/// <remarks><c>at</c> is when it happened, which may be earlier than when it is published.</remarks>
public sealed class SessionEvents(IServiceProvider services, ILogger<SessionEvents> logger)
{
    public Task Accepted(string sessionId, DateTimeOffset at) => Publish(new SessionEvent(sessionId, SessionEventKind.Accepted, SessionStage.Received, at));

    public Task StageFinished(string sessionId, SessionStage stage, DateTimeOffset at) =>
        Publish(new SessionEvent(sessionId, SessionEventKind.StageFinished, stage, at));

    /// <summary>The final stage: completed (with its label), failed or cancelled.</summary>
    public Task Finished(string sessionId, SessionStage stage, string? label, DateTimeOffset at) => Publish(new SessionEvent(sessionId,
        stage switch
        {
            SessionStage.Completed => SessionEventKind.Completed,
            SessionStage.Cancelled => SessionEventKind.Cancelled,
            _ => SessionEventKind.Failed,
        },
        stage, at, stage == SessionStage.Completed ? label : null));

    private async Task Publish(SessionEvent news)
    {
        try
        {
            // The stream is looked up per call: a stream handle belongs to the grain context that asked for it.
            await services.GetRequiredKeyedService<IStreamProvider>(CounselingStreams.Provider)
                .GetStream<SessionEvent>(CounselingStreams.SessionEventsOf(news.SessionId)).OnNextAsync(news);
        }
        catch (Exception e)
        {
            logger.LogWarning("Session event {Kind} for {SessionId} not published: {Error}", news.Kind, news.SessionId, e.GetType().Name);
        }
    }
}
