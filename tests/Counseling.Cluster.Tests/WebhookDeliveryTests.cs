using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Sessions;
using Counseling.Grains.Webhooks;
using Counseling.Silo;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Counseling.Cluster.Tests;

/// <summary>A real silo whose webhooks may reach a local plain-http listener, with retries shortened to fractions of a second.</summary>
public sealed class WebhookCluster : IAsyncLifetime
{
    public const string Secret = "test-signing-secret";
    public const string ApiKey = "callytics-test-key";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:SigningSecret"] = Secret,
                ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
                ["Webhooks:AllowHttp"] = "true",
                ["Webhooks:AllowPrivateNetworks"] = "true",
                ["Webhooks:FirstRetryDelay"] = "00:00:00.200",
                ["Webhooks:MaxRetryDelay"] = "00:00:01",
                ["CALLYTICS_API_KEY"] = ApiKey,
            }).Build();
            silo.AddMemoryGrainStorage(StorageNames.Sessions).AddMemoryGrainStorage(StorageNames.PubSub).UseInMemoryReminderService().AddCounselingGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>A plain HTTP listener on a free loopback port that answers 500 to the first <c>failures</c> requests.</summary>
public sealed class FlakyReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _failures;
    private readonly Task _loop;

    public FlakyReceiver(int failures)
    {
        _failures = failures;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Url { get; }

    public ConcurrentQueue<(Dictionary<string, string?> Headers, byte[] Body, int Answer)> Received { get; } = new();

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var answer = Received.Count < _failures ? 500 : 200;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
            Received.Enqueue((headers, body.ToArray(), answer));
            context.Response.StatusCode = answer;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

public sealed class WebhookDeliveryTests(WebhookCluster fixture) : IClassFixture<WebhookCluster>
{
    private static async Task<WebhookDeliveryView> Settled(IWebhookDeliveryGrain delivery)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await delivery.GetView() is { Status: not WebhookDeliveryStatus.Pending } view) return view;
            await Task.Delay(100);
        }
        return (await delivery.GetView())!;
    }

    [Fact]
    public async Task A_completed_session_is_delivered_after_two_failures_with_a_verifiable_signature_and_one_idempotency_key()
    {
        using var receiver = new FlakyReceiver(failures: 2);
        var session = fixture.Cluster.Client.GetGrain<ISessionGrain>("webhook_flaky_1");
        var submitted = await session.Submit(Dialogues.Submission(seed: 51) with { CallbackUrl = receiver.Url });
        var done = await session.WaitForCompletion(TimeSpan.FromSeconds(60));
        Assert.Equal(SessionStage.Completed, done.Stage);

        var view = await Settled(fixture.Cluster.Client.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryKey.Of("webhook_flaky_1", submitted.Version)));
        Assert.Equal(WebhookDeliveryStatus.Delivered, view.Status);
        Assert.Equal(3, view.Attempts);
        Assert.Equal(200, view.LastStatusCode);
        Assert.NotNull(view.DeliveredAt);

        var received = receiver.Received.ToArray();
        Assert.Equal([500, 500, 200], received.Select(r => r.Answer));
        var signer = new WebhookSigner(WebhookCluster.Secret);
        foreach (var (headers, body, _) in received)
        {
            Assert.True(signer.Verifies(body, headers[WebhookSender.SignatureHeader]), "the signature must verify over the raw body");
            Assert.False(new WebhookSigner("another secret").Verifies(body, headers[WebhookSender.SignatureHeader]));
            Assert.Equal(WebhookCluster.ApiKey, headers[WebhookSender.ApiKeyHeader]);
            Assert.Equal(view.IdempotencyKey, headers[WebhookSender.IdempotencyHeader]);
            Assert.True(long.TryParse(headers[WebhookSender.TimestampHeader], out _));
            Assert.Equal(received[0].Body, body);
        }
        Assert.Equal(["1", "2", "3"], received.Select(r => r.Headers[WebhookSender.AttemptHeader]));

        var payload = JsonNode.Parse(received[^1].Body)!;
        Assert.Equal("session.completed", payload["event"]!.GetValue<string>());
        Assert.Equal("webhook_flaky_1", payload["session_id"]!.GetValue<string>());
        Assert.Equal(done.Prediction!.Label, payload["prediction_result"]!["prediction"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse(done.FeaturesJson!)!["basic_stats"]!["speech_count"]!.GetValue<int>(),
            payload["prediction_result"]!["features"]!["speech_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failed_session_is_delivered_too()
    {
        using var receiver = new FlakyReceiver(failures: 0);
        var session = fixture.Cluster.Client.GetGrain<ISessionGrain>("webhook_failed_1");
        var submitted = await session.Submit(new SessionSubmission("", [], new Dictionary<string, string>(), CallbackUrl: receiver.Url));
        var done = await session.WaitForCompletion(TimeSpan.FromSeconds(30));
        Assert.Equal(SessionStage.Failed, done.Stage);

        var view = await Settled(fixture.Cluster.Client.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryKey.Of("webhook_failed_1", submitted.Version)));
        Assert.Equal(WebhookDeliveryStatus.Delivered, view.Status);
        var payload = JsonNode.Parse(Assert.Single(receiver.Received).Body)!;
        Assert.Equal("session.failed", payload["event"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(payload["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_receiver_refusing_with_a_client_error_is_not_retried()
    {
        var session = fixture.Cluster.Client.GetGrain<ISessionGrain>("webhook_gone_1");
        // HttpListener answers 404 for a path outside its prefix: a client error that another try would not change.
        using var receiver = new FlakyReceiver(failures: 0);
        var url = receiver.Url.Replace("/hooks/", "/elsewhere/");
        var submitted = await session.Submit(Dialogues.Submission(seed: 52) with { CallbackUrl = url });
        await session.WaitForCompletion(TimeSpan.FromSeconds(60));
        var view = await Settled(fixture.Cluster.Client.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryKey.Of("webhook_gone_1", submitted.Version)));
        Assert.Equal(WebhookDeliveryStatus.Failed, view.Status);
        Assert.Equal(1, view.Attempts);
        Assert.Equal(404, view.LastStatusCode);
        Assert.Null(view.NextAttemptAt);
    }
}
