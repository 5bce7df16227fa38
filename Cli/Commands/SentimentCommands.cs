using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Sentiment.Training;
using Microsoft.Extensions.Logging;

namespace Counseling.Cli.Commands;

/// <summary>sentiment-train, sentiment-eval and sentiment-score: the sentiment model's own verbs.</summary>
internal static class SentimentCommands
{
    public static Command Train()
    {
        var train = new Option<FileInfo>("--train") { Description = "stars<TAB>text training file", Required = true };
        var dev = new Option<FileInfo>("--dev") { Description = "stars<TAB>text file the figures are reported on", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "model folder to write", DefaultValueFactory = _ => new DirectoryInfo("models/sentiment") };
        var seed = new Option<int>("--seed") { Description = "random seed; the same seed gives the same model bytes", DefaultValueFactory = _ => 42 };
        var epochs = new Option<int?>("--epochs") { Description = "passes over the training data" };
        var vocabulary = new Option<int?>("--vocab-size") { Description = "WordPiece vocabulary size" };
        var embedding = new Option<int?>("--embedding-size") { Description = "width of the unigram, bigram and trigram embeddings" };
        var buckets = new Option<int?>("--buckets") { Description = "hash buckets of the bigram and of the trigram table" };
        var hidden = new Option<int?>("--hidden-size") { Description = "width of the hidden layer" };
        var learningRate = new Option<float?>("--learning-rate") { Description = "AdaGrad's initial learning rate" };
        var optimizer = new Option<string?>("--optimizer") { Description = "adagrad or sgd" };
        optimizer.AcceptOnlyFromAmong("adagrad", "sgd");
        var dropout = new Option<float?>("--dropout") { Description = "share of pooled features dropped while training" };
        var smoothing = new Option<float?>("--smoothing") { Description = "share of the target given to the neighbouring star counts" };
        var decay = new Option<float?>("--weight-decay") { Description = "L2 strength on the weights each step touches" };
        var expectation = new Option<float?>("--expectation-weight") { Description = "weight of the expected-stars squared error" };
        var ensemble = new Option<int?>("--ensemble-size") { Description = "networks from consecutive seeds whose probabilities are averaged" };
        var temperature = new Option<float?>("--temperature") { Description = "each member's logits are divided by this before averaging" };
        var snapshots = new Option<int?>("--averaged-snapshots") { Description = "weight snapshots of the last epoch averaged into the model" };
        var filters = new Option<int?>("--filters") { Description = "convolution filters (0: bag of n-grams only)" };
        var convEmbedding = new Option<int?>("--conv-embedding-size") { Description = "width of the embeddings the convolution reads" };
        var command = new Command("sentiment-train", "Train the compact Korean 5-star sentiment model and write its ONNX folder.")
        {
            train, dev, output, seed, epochs, vocabulary, embedding, buckets, hidden, learningRate, optimizer, dropout, smoothing,
            decay, expectation, ensemble, temperature, filters, convEmbedding, snapshots,
        };
        command.SetAction(parse => Run(() =>
        {
            using var logs = CliLogging.Create();
            var defaults = new SentimentTrainingOptions();
            var options = defaults with
            {
                Seed = parse.GetValue(seed),
                Epochs = parse.GetValue(epochs) ?? defaults.Epochs,
                VocabularySize = parse.GetValue(vocabulary) ?? defaults.VocabularySize,
                EmbeddingSize = parse.GetValue(embedding) ?? defaults.EmbeddingSize,
                BigramBuckets = parse.GetValue(buckets) ?? defaults.BigramBuckets,
                TrigramBuckets = parse.GetValue(buckets) ?? defaults.TrigramBuckets,
                HiddenSize = parse.GetValue(hidden) ?? defaults.HiddenSize,
                LearningRate = parse.GetValue(learningRate) ?? defaults.LearningRate,
                Adaptive = (parse.GetValue(optimizer) ?? (defaults.Adaptive ? "adagrad" : "sgd")) == "adagrad",
                Dropout = parse.GetValue(dropout) ?? defaults.Dropout,
                NeighbourSmoothing = parse.GetValue(smoothing) ?? defaults.NeighbourSmoothing,
                WeightDecay = parse.GetValue(decay) ?? defaults.WeightDecay,
                ExpectationWeight = parse.GetValue(expectation) ?? defaults.ExpectationWeight,
                EnsembleSize = parse.GetValue(ensemble) ?? defaults.EnsembleSize,
                Temperature = parse.GetValue(temperature) ?? defaults.Temperature,
                Filters = parse.GetValue(filters) ?? defaults.Filters,
                AveragedSnapshots = parse.GetValue(snapshots) ?? defaults.AveragedSnapshots,
                ConvEmbeddingSize = parse.GetValue(convEmbedding) ?? defaults.ConvEmbeddingSize,
            };
            var trainer = new SentimentTrainer(options, logs.CreateLogger("sentiment-train"));
            var report = trainer.Train(SentimentCorpus.Read(parse.GetRequiredValue(train).FullName),
                SentimentCorpus.Read(parse.GetRequiredValue(dev).FullName), parse.GetRequiredValue(output).FullName);
            Console.WriteLine(SummaryLine(report));
        }));
        return command;
    }

    public static Command Evaluate()
    {
        var data = new Option<FileInfo>("--data") { Description = "stars<TAB>text file to evaluate on", Required = true };
        var model = new Option<DirectoryInfo?>("--model") { Description = "model folder (default: MODEL_PATH/sentiment)" };
        var command = new Command("sentiment-eval", "Evaluate a sentiment model folder: per-class report, then one JSON line.") { data, model };
        command.SetAction(parse => Run(() =>
        {
            using var logs = CliLogging.Create();
            var examples = SentimentCorpus.Read(parse.GetRequiredValue(data).FullName);
            using var scorer = SentimentScorer.Load(parse.GetValue(model)?.FullName ?? ModelLocation.Sentiment(),
                SentimentScorerOptions.FromEnvironment(), logs.CreateLogger("sentiment"));
            var texts = examples.Select(e => e.Text).ToArray();
            scorer.Score(texts.Take(256).ToArray());
            var clock = Stopwatch.StartNew();
            var scores = scorer.Score(texts);
            var rate = texts.Length / clock.Elapsed.TotalSeconds;
            var report = SentimentReport.From(examples.Select(e => e.Stars).ToArray(), scores.Select(s => s.Probabilities).ToArray());

            Console.WriteLine("stars  precision  recall  f1      support");
            foreach (var c in report.PerClass)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Stars,5}  {c.Precision,9:F4}  {c.Recall,6:F4}  {c.F1,6:F4}  {c.Support,7}"));
            Console.WriteLine("confusion (rows: true stars, columns: predicted)");
            foreach (var row in report.Confusion) Console.WriteLine("  " + string.Join(' ', row.Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(6))));
            Console.WriteLine(SummaryLine(report, ("sentences_per_second", Math.Round(rate))));
        }));
        return command;
    }

    public static Command Baseline()
    {
        var train = new Option<FileInfo>("--train") { Description = "stars<TAB>text training file", Required = true };
        var dev = new Option<FileInfo>("--dev") { Description = "stars<TAB>text file the figures are reported on", Required = true };
        var ngrams = new Option<int>("--ngrams")
        {
            Description = $"longest character n-gram (1–{CharacterNgramBaseline.LongestNgram})", DefaultValueFactory = _ => 3,
        };
        var l2 = new Option<float>("--l2") { Description = "L2 regularisation of the logistic regression", DefaultValueFactory = _ => 1f };
        var polarityOnly = new Option<bool>("--polarity-only") { Description = "train on stars 1–2 against 4–5 only and report polarity accuracy" };
        var command = new Command("sentiment-baseline",
            "TF-IDF character n-gram logistic regression (ML.NET, L-BFGS): the yardstick for the shipped model; one JSON line.")
        {
            train, dev, ngrams, l2, polarityOnly,
        };
        command.SetAction(parse => Run(() =>
        {
            var trainExamples = SentimentCorpus.Read(parse.GetRequiredValue(train).FullName);
            var devExamples = SentimentCorpus.Read(parse.GetRequiredValue(dev).FullName);
            var n = parse.GetValue(ngrams);
            if (!CharacterNgramBaseline.IsNgramLength(n))
                throw new InvalidDataException($"--ngrams must be 1–{CharacterNgramBaseline.LongestNgram}.");
            var baseline = new CharacterNgramBaseline(n, parse.GetValue(l2));
            var clock = Stopwatch.StartNew();
            if (parse.GetValue(polarityOnly))
            {
                var polarity = baseline.PolarityOnly(trainExamples, devExamples);
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    n = polarity.N,
                    polarity_accuracy = Math.Round(polarity.Accuracy, 4),
                    seconds = Math.Round(clock.Elapsed.TotalSeconds),
                }));
                return;
            }
            var report = baseline.FiveStars(trainExamples, devExamples);
            Console.WriteLine(SummaryLine(report, ("seconds", Math.Round(clock.Elapsed.TotalSeconds))));
        }));
        return command;
    }

    public static Command Score()
    {
        var sentences = new Argument<string[]>("sentences") { Description = "sentences to score", Arity = ArgumentArity.OneOrMore };
        var model = new Option<DirectoryInfo?>("--model") { Description = "model folder (default: MODEL_PATH/sentiment)" };
        var command = new Command("sentiment-score", "Print each sentence's five star probabilities and expected stars.") { sentences, model };
        command.SetAction(parse => Run(() =>
        {
            using var logs = CliLogging.Create();
            var texts = parse.GetRequiredValue(sentences);
            using var scorer = SentimentScorer.Load(parse.GetValue(model)?.FullName ?? ModelLocation.Sentiment(),
                SentimentScorerOptions.FromEnvironment(), logs.CreateLogger("sentiment"));
            var scores = scorer.Score(texts);
            for (var i = 0; i < texts.Length; i++)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    text = texts[i],
                    probabilities = scores[i].Probabilities.Select(p => Math.Round(p, 4)),
                    expected_stars = Math.Round(scores[i].ExpectedStars, 3),
                }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
        }));
        return command;
    }

    /// <summary>The JSON line the sentiment verbs end with: the figures in its order, then the verb's own.</summary>
    private static string SummaryLine(SentimentReport report, params (string Name, double Value)[] extra)
    {
        var line = new Dictionary<string, double>
        {
            ["n"] = report.N,
            ["accuracy"] = Math.Round(report.Accuracy, 4),
            ["macro_f1"] = Math.Round(report.MacroF1, 4),
            ["mae"] = Math.Round(report.Mae, 4),
            ["polarity_accuracy"] = Math.Round(report.PolarityAccuracy, 4),
        };
        foreach (var (name, value) in extra) line[name] = value;
        return JsonSerializer.Serialize(line);
    }

    /// <summary>Known failures become one line on stderr and exit code 1, not a stack trace.</summary>
    internal static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is SentimentModelException or FileNotFoundException or InvalidDataException or DirectoryNotFoundException
            or Grains.Pipeline.Preprocessing.PreprocessException or Grains.Pipeline.Outcome.OutcomeModelException
            or Grains.Pipeline.Features.LexiconException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
