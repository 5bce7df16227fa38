using System.Collections.Concurrent;
using System.Text.Json;
using Counseling.Cli.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Counseling.Api.Tests;

/// <summary>
/// The load generator as a caller that honours 503 + Retry-After, against a Kestrel endpoint that is
/// unavailable for each session's first two tries — the shape of the Api while a silo is being declared dead.
/// The real Api cannot be made to answer 503 on demand without taking its storage down, so this endpoint
/// stands in for it; what is under test is the client's behaviour over real HTTP.
/// </summary>
public sealed class LoadRetryTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _tries = new();
    private readonly ConcurrentBag<string?> _callbacks = [];
    private WebApplication? _app;

    [Fact]
    public async Task A_refused_request_is_resent_under_the_same_session_id_until_it_is_taken()
    {
        var report = await new LoadGenerator(Options() with { RetryFor = TimeSpan.FromSeconds(20) }).RunAsync();

        Assert.Equal(4, report.Sent);
        Assert.Equal(4, report.ByStatus.GetValueOrDefault(200));
        Assert.Equal(0, report.Errors);
        Assert.Equal(4, report.Resent);
        Assert.Equal(8, report.Resends);
        Assert.Equal(4, _tries.Count);
        Assert.All(_tries.Values, tries => Assert.Equal(3, tries));
        Assert.All(_callbacks, url => Assert.Equal("http://127.0.0.1:9/hook", url));
        // Two Retry-After waits of a second each are inside every request's latency.
        Assert.True(report.Latency.P50 >= 2000, $"p50 {report.Latency.P50} ms");
        Assert.Equal(8, JsonDocument.Parse(report.JsonLine()).RootElement.GetProperty("resends").GetInt32());
    }

    [Fact]
    public async Task Without_a_retry_budget_the_first_answer_is_what_is_counted()
    {
        var report = await new LoadGenerator(Options()).RunAsync();

        Assert.Equal(4, report.ByStatus.GetValueOrDefault(503));
        Assert.Equal(0, report.Resends);
        Assert.All(_tries.Values, tries => Assert.Equal(1, tries));
    }

    private LoadOptions Options() => new()
    {
        BaseAddress = Address, Mode = LoadMode.Realtime, Requests = 4, Clients = 4, Warmup = 0, Turns = 10,
        CallbackUrl = "http://127.0.0.1:9/hook",
    };

    // After start, Urls holds the port Kestrel was given.
    private Uri Address => new(_app!.Urls.First());

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.MapPost("/api/v1/callytics/process-data", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var sessionId = body.RootElement.GetProperty("session_id").GetString()!;
            _callbacks.Add(body.RootElement.TryGetProperty("callback_url", out var url) ? url.GetString() : null);
            if (_tries.AddOrUpdate(sessionId, 1, (_, n) => n + 1) <= 2)
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            return Results.Ok();
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
