using System.CommandLine;
using Counseling.Cli.Load;

namespace Counseling.Cli.Commands;

/// <summary>
/// `load`: the Api under N concurrent callers (or a fixed arrival rate) for a time or a request count,
/// realtime or background. Prints a table and one JSON line; exits 1 when any request failed.
/// </summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "the Api's base address", DefaultValueFactory = _ => "http://localhost:8000" };
        var key = new Option<string?>("--api-key") { Description = "X-API-Key to send (default: API_KEY)" };
        var mode = new Option<LoadMode>("--mode") { Description = "processing_mode of every request", DefaultValueFactory = _ => LoadMode.Realtime };
        var clients = new Option<int>("--clients") { Description = "concurrent callers (open loop: most in flight)", DefaultValueFactory = _ => 8 };
        var duration = new Option<double?>("--duration") { Description = "seconds to keep starting requests" };
        var requests = new Option<int?>("--requests") { Description = "requests to send (with --duration, whichever ends first)" };
        var rate = new Option<double?>("--rate") { Description = "open loop: start this many requests per second" };
        var turns = new Option<int>("--turns") { Description = "utterances per dialogue (±10 %)", DefaultValueFactory = _ => 40 };
        var priority = new Option<int>("--priority") { Description = "priority 1–5 of every request", DefaultValueFactory = _ => 3 };
        var warmup = new Option<int>("--warmup") { Description = "requests sent before measuring", DefaultValueFactory = _ => 20 };
        var runId = new Option<string?>("--run-id") { Description = "session ids are load-RUN-n (default: random)" };
        var drain = new Option<double>("--drain-timeout") { Description = "background: seconds to wait for sessions to finish", DefaultValueFactory = _ => 300 };
        var retryFor = new Option<double>("--retry-for") { Description = "resend a request answered 503 or not at all, same session id, for up to this many seconds", DefaultValueFactory = _ => 0 };
        var callback = new Option<string?>("--callback-url") { Description = "callback_url of every request" };
        var command = new Command("load", "Drive the Api's process-data endpoint over HTTP and report throughput, latency and errors.")
        {
            url, key, mode, clients, duration, requests, rate, turns, priority, warmup, drain, runId, retryFor, callback,
        };
        command.SetAction(async (parse, cancelled) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseAddress))
            {
                Console.Error.WriteLine("error: --url must be an absolute URL such as http://localhost:8000");
                return 2;
            }
            var options = new LoadOptions
            {
                BaseAddress = baseAddress,
                ApiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("API_KEY"),
                Mode = parse.GetValue(mode),
                Clients = parse.GetValue(clients),
                Duration = parse.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Requests = parse.GetValue(requests),
                Rate = parse.GetValue(rate),
                Turns = parse.GetValue(turns),
                Priority = parse.GetValue(priority),
                Warmup = parse.GetValue(warmup),
                DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(drain)),
                RetryFor = TimeSpan.FromSeconds(parse.GetValue(retryFor)),
                CallbackUrl = parse.GetValue(callback),
            };
            if (parse.GetValue(runId) is { } id) options = options with { RunId = id };
            if (options.Problems().ToList() is { Count: > 0 } problems)
            {
                foreach (var problem in problems) Console.Error.WriteLine($"error: {problem}");
                return 2;
            }
            try
            {
                var report = await new LoadGenerator(options).RunAsync(cancelled);
                Console.Write(report.Table());
                Console.WriteLine(report.JsonLine());
                return report.Errors == 0 && report.NotFinished is null or 0 ? 0 : 1;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"error: {options.BaseAddress} did not answer: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
