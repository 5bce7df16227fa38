using System.Diagnostics;
using System.Text.Json;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Synthesis;
using Counseling.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Counseling.Silo.Benchmark;

/// <summary>
/// `Silo benchmark`: starts this silo (embedded, or on the configured PostgreSQL), submits generated
/// sessions in background mode through the session grains and reports sessions/s from the first submit
/// to the last completion, with the sentiment batcher's average batch size under that load.
/// </summary>
public static class ClusterBenchmark
{
    private const int InFlight = 256;

    public static async Task<int> RunAsync(IHost host, int sessions, int turns, int warmup, TextWriter output)
    {
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var batcher = host.Services.GetRequiredService<SentimentBatcher>();
        // The warm-up's dialogues are the first of the same generated sequence: generated once for both.
        var generated = BenchmarkDialogues.Records(Math.Max(sessions, warmup), turns);
        IReadOnlyList<SessionRecord> records = generated.Take(sessions).ToArray();
        var run = Guid.NewGuid().ToString("N")[..8];
        SessionSubmission Submission(SessionRecord record) => new(record.ConsultingContent,
            record.Instructions.Select(x => new SubmittedInstruction(x.TaskCategory, x.Output)).ToArray(), record.Metadata);

        // Warm-up outside the measurement, at the same concurrency: ONNX Runtime's first runs, storage connections,
        // and the JIT, whose tiered recompilation still took a fifth of the CPU 20 s into a cold run (perf).
        if (warmup > 0) await Push(generated.Take(warmup).ToArray(), $"warm_{run}", Stopwatch.StartNew(), new double[warmup]);

        var batchesBefore = batcher.Batches;
        var sentencesBefore = batcher.Sentences;
        var clock = Stopwatch.StartNew();
        var latencies = new double[records.Count];
        var failed = await Push(records, $"bench_{run}", clock, latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        var batches = batcher.Batches - batchesBefore;
        var averageBatch = batches == 0 ? 0 : (double)(batcher.Sentences - sentencesBefore) / batches;

        output.WriteLine($"{records.Count} sessions of about {turns} utterances through the grains after {warmup} to warm up, {Environment.ProcessorCount} cores, {InFlight} in flight");
        output.WriteLine($"throughput: {records.Count / seconds:F0} sessions/s ({seconds:F2} s), {failed} not completed");
        output.WriteLine($"latency: p50 {latencies[latencies.Length / 2]:F0} ms, p95 {latencies[(int)(latencies.Length * 0.95)]:F0} ms");
        output.WriteLine($"sentiment batches: {batches}, average {averageBatch:F1} sentences per ONNX Runtime call");
        output.WriteLine(JsonSerializer.Serialize(new
        {
            sessions = records.Count,
            sessions_per_second = Math.Round(records.Count / seconds),
            not_completed = failed,
            p50_ms = Math.Round(latencies[latencies.Length / 2]),
            p95_ms = Math.Round(latencies[(int)(latencies.Length * 0.95)]),
            average_batch_size = Math.Round(averageBatch, 1),
        }));
        await host.StopAsync();
        return failed == 0 ? 0 : 1;

        async Task<int> Push(IReadOnlyList<SessionRecord> batch, string prefix, Stopwatch clock, double[] latencies)
        {
            using var inFlight = new SemaphoreSlim(InFlight);
            var failed = 0;
            await Task.WhenAll(Enumerable.Range(0, batch.Count).Select(async i =>
            {
                await inFlight.WaitAsync();
                try
                {
                    var started = clock.Elapsed;
                    var grain = grains.GetGrain<ISessionGrain>($"{prefix}_{i}");
                    await grain.Submit(Submission(batch[i]));
                    var done = await grain.WaitForCompletion(TimeSpan.FromSeconds(25));
                    while (!done.Stage.IsFinal()) done = await grain.WaitForCompletion(TimeSpan.FromSeconds(25));
                    if (done.Stage != SessionStage.Completed) Interlocked.Increment(ref failed);
                    latencies[i] = (clock.Elapsed - started).TotalMilliseconds;
                }
                finally
                {
                    inFlight.Release();
                }
            }));
            return failed;
        }
    }
}
