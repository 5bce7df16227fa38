using System.Collections.Concurrent;
using System.Diagnostics;
using Counseling.Grains.Interfaces;
using Orleans.Streams;

namespace Counseling.Cluster.Tests;

public sealed class SessionEventTests(CpuOnly fixture) : IClassFixture<CpuOnly>
{
    // What a session that completes announces: acceptance, its four stages, its end.
    private static readonly SessionEventKind[] CompletedSession =
    [
        SessionEventKind.Accepted, SessionEventKind.StageFinished, SessionEventKind.StageFinished, SessionEventKind.StageFinished,
        SessionEventKind.StageFinished, SessionEventKind.Completed,
    ];

    [Fact]
    public async Task The_events_stream_announces_acceptance_each_stage_and_completion_with_the_label()
    {
        var feed = await SessionEventFeed.Listen(fixture.Client);
        var received = feed.Received;
        try
        {
            var grain = fixture.Client.GetGrain<ISessionGrain>("events_1");
            await grain.Submit(Dialogues.Submission(seed: 81));
            var done = await grain.WaitForCompletion(TimeSpan.FromSeconds(20));
            Assert.Equal(SessionStage.Completed, done.Stage);
            var bad = fixture.Client.GetGrain<ISessionGrain>("events_bad");
            await bad.Submit(new SessionSubmission("태그 없는 한 줄", [], new Dictionary<string, string>()));
            Assert.Equal(SessionStage.Failed, (await bad.WaitForCompletion(TimeSpan.FromSeconds(10))).Stage);

            var clock = Stopwatch.StartNew();
            // The two sessions' events travel on different streams, which are not ordered with each other: wait for
            // each one's end, not only the later session's.
            while (!(received.Any(e => e.SessionId == "events_bad" && e.Kind == SessionEventKind.Failed)
                     && received.Any(e => e.SessionId == "events_1" && e.Kind == SessionEventKind.Completed)) && clock.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(50);

            var events = received.Where(e => e.SessionId == "events_1").ToArray();
            Assert.Equal(CompletedSession, events.Select(e => e.Kind));
            Assert.Equal([SessionStage.Preprocessing, SessionStage.Extracting, SessionStage.Building, SessionStage.Predicting],
                events.Where(e => e.Kind == SessionEventKind.StageFinished).Select(e => e.Stage));
            Assert.Equal(done.Prediction!.Label, events[^1].Label);
            Assert.All(events.Take(5), e => Assert.Null(e.Label));
            Assert.True(events.Zip(events.Skip(1)).All(p => p.First.At <= p.Second.At));

            var failed = received.Where(e => e.SessionId == "events_bad").Select(e => e.Kind).ToArray();
            Assert.Equal([SessionEventKind.Accepted, SessionEventKind.Failed], failed);
        }
        finally
        {
            await feed.DisposeAsync();
        }
    }

    [Fact]
    public async Task Concurrent_sessions_each_announce_every_event_once_and_in_order()
    {
        // Many sessions at once, so the silo's publisher sends several sessions' events in one batch per stream.
        var feed = await SessionEventFeed.Listen(fixture.Client);
        try
        {
            var ids = Enumerable.Range(0, 30).Select(i => $"events_many_{i}").ToArray();
            await Task.WhenAll(ids.Select((id, i) => fixture.Client.GetGrain<ISessionGrain>(id).Submit(Dialogues.Submission(seed: 700 + i))));
            foreach (var id in ids)
                Assert.Equal(SessionStage.Completed, (await fixture.Client.GetGrain<ISessionGrain>(id).WaitForCompletion(TimeSpan.FromSeconds(30))).Stage);

            var clock = Stopwatch.StartNew();
            while (feed.Received.Count(e => e.Kind == SessionEventKind.Completed && ids.Contains(e.SessionId)) < ids.Length && clock.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(50);
            foreach (var id in ids)
            {
                var kinds = feed.Received.Where(e => e.SessionId == id).Select(e => e.Kind).ToArray();
                Assert.Equal(CompletedSession, kinds);
            }
        }
        finally
        {
            await feed.DisposeAsync();
        }
    }
}
