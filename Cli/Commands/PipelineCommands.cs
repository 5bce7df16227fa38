using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Synthesis;
using Microsoft.Extensions.Logging;

namespace Counseling.Cli.Commands;

/// <summary>The four stages as verbs, each reading the previous one's output, plus train, evaluate, predict and generate.</summary>
internal static class PipelineCommands
{
    private static Option<DirectoryInfo?> ModelRoot() => new("--models") { Description = "models folder (default: MODEL_PATH, else models/)" };

    /// <summary>The sentiment scorer and feature extractor of a models folder: what stage 2 needs.</summary>
    private static (SentimentScorer Scorer, FeatureExtractor Extractor) Stage2(string root) => (
        SentimentScorer.Load(ModelLocation.Sentiment(root), SentimentScorerOptions.FromEnvironment()),
        new FeatureExtractor(LexiconSet.Load(ModelLocation.Lexicons(root))));

    private static Option<FileInfo?> Output() => new("--out") { Description = "file to write (default: stdout)" };

    public static Command Preprocess()
    {
        var input = new Argument<string>("input") { Description = "JSON object, JSON array, JSONL file, or a folder of AI-Hub files" };
        var output = Output();
        var command = new Command("preprocess", "Stage 1: merge session records and parse dialogues; writes sessions as JSONL.") { input, output };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            var read = SessionRecordReader.ReadPath(parse.GetRequiredValue(input));
            ReportProblems(read.Problems.Select(p => $"{p.File}: {p.Reason}"));
            var batch = new Preprocessor().PreprocessEach(read.Records);
            ReportProblems(batch.Failures.Select(f => f.Message));
            using var writer = CliJson.OpenOutput(parse.GetValue(output));
            SessionJson.WriteLines(batch.Sessions, writer);
            Console.Error.WriteLine($"{batch.Sessions.Count} sessions, {read.Problems.Count + batch.Failures.Count} skipped");
        }));
        return command;
    }

    public static Command Extract()
    {
        var input = new Argument<FileInfo>("sessions") { Description = "JSONL from `preprocess`" };
        var output = Output();
        var models = ModelRoot();
        var command = new Command("extract", "Stage 2: features of every session (sentiment batched across sessions); writes JSONL.") { input, output, models };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            using var logs = CliLogging.Create();
            var root = ModelLocation.Root(parse.GetValue(models)?.FullName);
            var stage2 = Stage2(root);
            using var scorer = stage2.Scorer;
            var extractor = stage2.Extractor;
            using var reader = new StreamReader(parse.GetRequiredValue(input).FullName);
            var sessions = SessionJson.ReadLines(reader, parse.GetRequiredValue(input).Name).ToArray();
            using var writer = CliJson.OpenOutput(parse.GetValue(output));
            var log = logs.CreateLogger("extract");
            for (var i = 0; i < sessions.Length; i += OutcomeTrainer.ExtractionBatch)
            {
                var chunk = sessions.Skip(i).Take(OutcomeTrainer.ExtractionBatch).ToArray();
                var features = extractor.Extract(chunk, scorer);
                for (var j = 0; j < chunk.Length; j++)
                    writer.WriteLine(JsonSerializer.Serialize(new LabelledFeatures(features[j], chunk[j].Outcome), CliJson.Line));
                log.LogInformation("{Done}/{Total} sessions", Math.Min(i + chunk.Length, sessions.Length), sessions.Length);
            }
        }));
        return command;
    }

    public static Command Dataset()
    {
        var input = new Argument<FileInfo>("features") { Description = "JSONL from `extract`" };
        var output = new Option<DirectoryInfo>("--out") { Description = "folder for dataset.csv and encoders.json", Required = true };
        var command = new Command("dataset", "Stage 3: encode categories and write the versioned feature rows with their 70/15/15 split.") { input, output };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            var lines = File.ReadLines(parse.GetRequiredValue(input).FullName)
                .Where(l => l.Length > 0)
                .Select(l => JsonSerializer.Deserialize<LabelledFeatures>(l, CliJson.Line)
                    ?? throw new InvalidDataException($"{parse.GetRequiredValue(input).Name}: an empty line object"))
                .ToArray();
            var encoders = FeatureEncoders.Fit(lines.Select(l => l.Features).ToArray());
            var labelled = lines.Where(l => l.Label is not null).ToArray();
            var split = StratifiedSplit.Of(labelled.Select(l => l.Label!).ToArray());
            var part = new string[labelled.Length];
            foreach (var i in split.Train) part[i] = "train";
            foreach (var i in split.Validation) part[i] = "validation";
            foreach (var i in split.Test) part[i] = "test";

            var folder = parse.GetRequiredValue(output);
            folder.Create();
            using (var csv = new StreamWriter(Path.Combine(folder.FullName, "dataset.csv")))
            {
                csv.WriteLine(string.Join(',', ["session_id", .. FeatureSchema.Current.Features, "label", "split"]));
                for (var i = 0; i < labelled.Length; i++)
                {
                    var row = FeatureRow.From(labelled[i].Features, encoders);
                    csv.WriteLine(string.Join(',', [Csv(labelled[i].Features.SessionId), .. row.Select(v => v.ToString(CultureInfo.InvariantCulture)),
                        Csv(labelled[i].Label!), part[i]]));
                }
            }
            File.WriteAllText(Path.Combine(folder.FullName, "encoders.json"), JsonSerializer.Serialize(encoders, CliJson.Indented));
            File.WriteAllText(Path.Combine(folder.FullName, "schema.json"), JsonSerializer.Serialize(FeatureSchema.Current, CliJson.Indented));
            Console.Error.WriteLine($"{labelled.Length} rows: {split.Train.Count} train, {split.Validation.Count} validation, {split.Test.Count} test");
        }));
        return command;
    }

    public static Command Train()
    {
        var data = new Option<string>("--data") { Description = "labelled session records: JSON, JSONL or a folder", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "model folder to write", DefaultValueFactory = _ => new DirectoryInfo("models/outcome") };
        var models = ModelRoot();
        var command = new Command("train", "All four stages over labelled sessions, then the LightGBM outcome model and its metadata.") { data, output, models };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            using var logs = CliLogging.Create();
            var root = ModelLocation.Root(parse.GetValue(models)?.FullName);
            var stage2 = Stage2(root);
            using var scorer = stage2.Scorer;
            var extractor = stage2.Extractor;
            var path = parse.GetRequiredValue(data);
            var read = SessionRecordReader.ReadPath(path);
            ReportProblems(read.Problems.Select(p => $"{p.File}: {p.Reason}"));
            var model = new OutcomeTrainer(scorer, extractor, logs.CreateLogger("train"))
                .Train(read.Records, parse.GetRequiredValue(output).FullName, trainingData: Path.GetFileName(path));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model_version = model.Version,
                validation_macro_f1 = model.Metadata.Metrics.Validation.MacroF1,
                test_macro_f1 = model.Metadata.Metrics.Test.MacroF1,
            }, CliJson.Line));
        }));
        return command;
    }

    public static Command Evaluate()
    {
        var data = new Option<string>("--data") { Description = "labelled session records: JSON, JSONL or a folder", Required = true };
        var models = ModelRoot();
        var model = new Option<DirectoryInfo?>("--model") { Description = "outcome model folder (default: MODELS/outcome)" };
        var command = new Command("evaluate", "Score labelled sessions: accuracy, precision, recall, F1, per class, confusion; then one JSON line.") { data, models, model };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            var root = ModelLocation.Root(parse.GetValue(models)?.FullName);
            var (scorer, extractor) = Stage2(root);
            using var pipeline = new SessionPipeline(scorer, extractor,
                OutcomeModel.Load(parse.GetValue(model)?.FullName ?? ModelLocation.Outcome(root)));
            var read = SessionRecordReader.ReadPath(parse.GetRequiredValue(data));
            ReportProblems(read.Problems.Select(p => $"{p.File}: {p.Reason}"));
            var batch = new Preprocessor().PreprocessEach(read.Records);
            var labelled = batch.Sessions.Where(s => s.Outcome is not null).Select(s => s.SessionId).ToHashSet(StringComparer.Ordinal);
            var records = read.Records.Where(r => labelled.Contains(r.SessionId)).ToArray();
            var results = new List<SessionResult>();
            for (var i = 0; i < records.Length; i += OutcomeTrainer.ExtractionBatch)
                results.AddRange(pipeline.Predict(records.Skip(i).Take(OutcomeTrainer.ExtractionBatch).ToArray()));
            var truth = batch.Sessions.Where(s => s.Outcome is not null).ToDictionary(s => s.SessionId, s => s.Outcome!);
            var classes = FeatureSchema.Current.Classes;
            var report = OutcomeReport.From(classes, results.Select(r => truth[r.SessionId]).ToArray(), results.Select(r => r.Prediction).ToArray());

            Console.WriteLine($"model {pipeline.Model.Version}, {report.N} sessions");
            Console.WriteLine($"{"class",-12} precision  recall  f1      support");
            foreach (var (name, c) in report.PerClass)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} {c.Precision,9:F4}  {c.Recall,6:F4}  {c.F1,6:F4}  {c.Support,7}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accuracy {report.Accuracy:F4}  macro P/R/F1 {report.MacroPrecision:F4}/{report.MacroRecall:F4}/{report.MacroF1:F4}  weighted F1 {report.WeightedF1:F4}"));
            Console.WriteLine("confusion (rows: true, columns: predicted, in the order above)");
            foreach (var row in report.Confusion) Console.WriteLine("  " + string.Join(' ', row.Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(6))));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                n = report.N,
                accuracy = report.Accuracy,
                macro_precision = report.MacroPrecision,
                macro_recall = report.MacroRecall,
                macro_f1 = report.MacroF1,
                weighted_f1 = report.WeightedF1,
                per_class = report.PerClass,
            }, CliJson.Line));
        }));
        return command;
    }

    public static Command Predict()
    {
        var input = new Argument<string>("input") { Description = "session records (JSON, JSONL or folder), or - for stdin" };
        var models = ModelRoot();
        var command = new Command("predict", "All four stages with the shipped models; prints the detailed result of each session as JSON.") { input, models };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            var path = parse.GetRequiredValue(input);
            var read = path == "-"
                ? SessionRecordReader.Read(Console.OpenStandardInput(), "stdin")
                : SessionRecordReader.ReadPath(path);
            ReportProblems(read.Problems.Select(p => $"{p.File}: {p.Reason}"));
            if (read.Records.Count == 0) throw new InvalidDataException($"{path}: no session records");
            using var pipeline = SessionPipeline.Load(parse.GetValue(models)?.FullName);
            var results = pipeline.Predict(read.Records);
            if (results.Count == 1) Console.WriteLine(JsonSerializer.Serialize(results[0], CliJson.Indented));
            else foreach (var result in results) Console.WriteLine(JsonSerializer.Serialize(result, CliJson.Line));
        }));
        return command;
    }

    public static Command Generate()
    {
        var count = new Option<int>("--count") { Description = "sessions to generate", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "random seed; the same seed gives the same file", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "JSONL file to write", Required = true };
        var command = new Command("generate", "Write seeded synthetic Korean counseling sessions with outcome labels as JSONL.") { count, seed, output };
        command.SetAction(parse => SentimentCommands.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            using var writer = CliJson.OpenOutput(parse.GetRequiredValue(output));
            new DialogueGenerator(parse.GetValue(seed)).WriteJsonl(parse.GetValue(count), writer);
            Console.Error.WriteLine($"{parse.GetValue(count)} sessions in {clock.Elapsed.TotalSeconds:F1} s");
        }));
        return command;
    }

    private static void ReportProblems(IEnumerable<string> problems)
    {
        foreach (var problem in problems) Console.Error.WriteLine($"skipped: {problem}");
    }

    private static string Csv(string value) =>
        value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
