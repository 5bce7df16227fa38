using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Cli.Load;

/// <summary>
/// Drives the Api's process-data endpoint over HTTP with generated Korean dialogues and measures what
/// a caller sees. Every request carries a new session_id, so each one is real work for the cluster.
/// </summary>
public sealed class LoadGenerator
{
    private const int DialoguePool = 200;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly LoadOptions _options;
    private readonly HttpClient _http;
    private readonly byte[][] _contents;

    public LoadGenerator(LoadOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
        }, disposeHandler: handler is null)
        {
            BaseAddress = options.BaseAddress,
            // Longer than the Api's 30 s realtime wait, so a slow answer is measured rather than cut off.
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (options.ApiKey is not null) _http.DefaultRequestHeaders.Add("X-API-Key", options.ApiKey);
        // The `data` objects are serialized once; a request only adds its session id around one of them.
        _contents = BenchmarkDialogues.Records(DialoguePool, options.Turns)
            .Select(r => JsonSerializer.SerializeToUtf8Bytes(new
            {
                consulting_content = r.ConsultingContent,
                instructions = r.Instructions.Select(i => new { task_category = i.TaskCategory, output = i.Output }),
            }))
            .ToArray();
    }

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var warm = new List<int>();
        for (var i = 0; i < _options.Warmup; i += Math.Min(_options.Clients, _options.Warmup - i))
        {
            var wave = Math.Min(_options.Clients, _options.Warmup - i);
            var answers = await Task.WhenAll(Enumerable.Range(i, wave).Select(n => Send($"warm-{_options.RunId}-{n}", n, cancellationToken)));
            warm.AddRange(answers.Select(a => a.Status));
        }
        if (warm.Count > 0 && warm.All(status => status == 0))
            throw new HttpRequestException($"{_options.BaseAddress} did not answer any of {warm.Count} warm-up requests.");

        var samples = new ConcurrentBag<Sample>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        bool Next(out int index)
        {
            index = Interlocked.Increment(ref sent) - 1;
            var more = (_options.Requests is not { } limit || index < limit) && (_options.Duration is not { } d || clock.Elapsed < d);
            if (!more) Interlocked.Decrement(ref sent);
            return more && !cancellationToken.IsCancellationRequested;
        }

        if (_options.Rate is { } rate)
        {
            using var inFlight = new SemaphoreSlim(_options.Clients);
            var running = new List<Task>();
            while (Next(out var index))
            {
                var planned = TimeSpan.FromSeconds(index / rate);
                var wait = planned - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
                await inFlight.WaitAsync(cancellationToken);
                running.Add(Measure(index, planned, samples, clock, inFlight, cancellationToken));
            }
            await Task.WhenAll(running);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, _options.Clients).Select(async _ =>
            {
                while (Next(out var index)) await Measure(index, clock.Elapsed, samples, clock, null, cancellationToken);
            }));
        }
        var seconds = clock.Elapsed.TotalSeconds;

        var report = new LoadReport
        {
            Mode = _options.Mode,
            Clients = _options.Clients,
            Rate = _options.Rate,
            Turns = _options.Turns,
            Sent = samples.Count,
            Seconds = seconds,
            ByStatus = samples.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count()),
            Latency = LatencyFigures.Of(samples.Select(s => s.Milliseconds)),
            LateAnswers = _options.Mode == LoadMode.Realtime ? samples.Count(s => s.Status == 202) : 0,
            Resent = samples.Count(s => s.Resends > 0),
            Resends = samples.Sum(s => s.Resends),
        };
        if (_options.Mode != LoadMode.Background) return report;

        var accepted = samples.Where(s => s.Status == 202).Select(s => s.SessionId).ToList();
        var (completed, notFinished, drain) = await DrainAsync(accepted, cancellationToken);
        return report with { Completed = completed, NotFinished = notFinished, DrainSeconds = drain.TotalSeconds };
    }

    private async Task Measure(int index, TimeSpan planned, ConcurrentBag<Sample> samples, Stopwatch clock, SemaphoreSlim? inFlight, CancellationToken cancellationToken)
    {
        var sessionId = $"load-{_options.RunId}-{index}";
        try
        {
            var (status, resends) = await SendUntilTaken(sessionId, index, cancellationToken);
            samples.Add(new Sample(sessionId, status, (clock.Elapsed - planned).TotalMilliseconds, resends));
        }
        finally
        {
            inFlight?.Release();
        }
    }

    /// <summary>
    /// Sends once, then, within <see cref="LoadOptions.RetryFor"/>, again after each 503 (waiting its Retry-After)
    /// or missing answer. The same session id makes a resend safe: the Api takes the same content once.
    /// </summary>
    private async Task<(int Status, int Resends)> SendUntilTaken(string sessionId, int index, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var resends = 0;
        while (true)
        {
            var (status, retryAfter) = await Send(sessionId, index, cancellationToken);
            if (status is not (0 or 503)) return (status, resends);
            var wait = retryAfter ?? TimeSpan.FromSeconds(1);
            if (clock.Elapsed + wait > _options.RetryFor) return (status, resends);
            await Task.Delay(wait, cancellationToken);
            resends++;
        }
    }

    private async Task<(int Status, TimeSpan? RetryAfter)> Send(string sessionId, int index, CancellationToken cancellationToken)
    {
        var body = new MemoryStream(_contents[0].Length + 160);
        await using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("session_id", sessionId);
            writer.WritePropertyName("data");
            writer.WriteRawValue(_contents[index % _contents.Length], skipInputValidation: true);
            writer.WriteString("processing_mode", _options.Mode == LoadMode.Realtime ? "realtime" : "background");
            writer.WriteNumber("priority", _options.Priority);
            if (_options.CallbackUrl is { } callback) writer.WriteString("callback_url", callback);
            writer.WriteEndObject();
        }
        using var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
        content.Headers.ContentType = Json;
        try
        {
            using var response = await _http.PostAsync("/api/v1/callytics/process-data", content, cancellationToken);
            // Read the answer to the end: that is when the caller has it.
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            return ((int)response.StatusCode, response.Headers.RetryAfter?.Delta);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (0, null);
        }
    }

    /// <summary>Polls the accepted sessions' status until each is final (completed, failed or cancelled).</summary>
    private async Task<(int Completed, int NotFinished, TimeSpan Took)> DrainAsync(List<string> sessionIds, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var waiting = new HashSet<string>(sessionIds);
        var completed = 0;
        while (waiting.Count > 0 && clock.Elapsed < _options.DrainTimeout)
        {
            var finished = new ConcurrentBag<(string Id, bool Completed)>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (id, token) =>
            {
                try
                {
                    using var response = await _http.GetAsync($"/api/v1/callytics/status/{id}", token);
                    if (!response.IsSuccessStatusCode) return;
                    using var status = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(token), cancellationToken: token);
                    var value = status.RootElement.GetProperty("status").GetString();
                    if (value is "completed" or "failed" or "cancelled") finished.Add((id, value == "completed"));
                }
                catch (HttpRequestException)
                {
                }
            });
            foreach (var (id, done) in finished)
            {
                waiting.Remove(id);
                if (done) completed++;
            }
            if (waiting.Count > 0) await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
        return (completed, waiting.Count, clock.Elapsed);
    }

    private sealed record Sample(string SessionId, int Status, double Milliseconds, int Resends);
}
