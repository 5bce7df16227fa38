using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Cli.Commands;

/// <summary>
/// `benchmark`: the library path's throughput over generated dialogues of about one length, and the
/// latency of one session. Figures, not a pass/fail: the README quotes what this prints.
/// </summary>
internal static class BenchmarkCommand
{
    public static Command Create()
    {
        var sessions = new Option<int>("--sessions") { Description = "sessions to push through", DefaultValueFactory = _ => 3000 };
        var turns = new Option<int>("--turns") { Description = "dialogue length in utterances (±10 %)", DefaultValueFactory = _ => 40 };
        var batch = new Option<int>("--batch") { Description = "sessions per pipeline call", DefaultValueFactory = _ => 128 };
        var models = new Option<DirectoryInfo?>("--models") { Description = "models folder (default: MODEL_PATH, else models/)" };
        var command = new Command("benchmark", "Measure sessions/s of all four stages and the latency of one session.") { sessions, turns, batch, models };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            var wanted = parse.GetValue(sessions);
            var length = parse.GetValue(turns);
            var records = BenchmarkDialogues.Records(wanted, length);
            using var pipeline = SessionPipeline.Load(parse.GetValue(models)?.FullName);

            // Warm-up: JIT, ONNX Runtime's first runs, LightGBM's engines.
            pipeline.Predict(records.Take(parse.GetValue(batch)).ToArray());

            var latencies = new List<double>();
            foreach (var record in records.Take(50))
            {
                var one = Stopwatch.StartNew();
                pipeline.Predict(record);
                latencies.Add(one.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();

            var chunks = records.Chunk(parse.GetValue(batch)).ToArray();
            var clock = Stopwatch.StartNew();
            // Two chunks at a time keep both cores busy: extraction of one overlaps the other's ONNX calls.
            Parallel.ForEach(chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chunk => pipeline.Predict(chunk));
            var seconds = clock.Elapsed.TotalSeconds;
            var utterances = records.Average(r => DialogueParser.Parse(r.ConsultingContent).Count);

            Console.WriteLine($"{records.Count} sessions of {utterances:F1} utterances on average, {Environment.ProcessorCount} cores");
            Console.WriteLine($"library path: {records.Count / seconds:F0} sessions/s ({seconds:F2} s)");
            Console.WriteLine($"one session:  p50 {latencies[latencies.Count / 2]:F1} ms, max {latencies[^1]:F1} ms");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                sessions = records.Count,
                mean_utterances = Math.Round(utterances, 1),
                sessions_per_second = Math.Round(records.Count / seconds),
                single_session_p50_ms = Math.Round(latencies[latencies.Count / 2], 2),
                single_session_max_ms = Math.Round(latencies[^1], 2),
            }, CliJson.Line));
        }));
        return command;
    }
}
