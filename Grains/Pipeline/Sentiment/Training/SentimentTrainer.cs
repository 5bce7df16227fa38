using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Counseling.Grains.Pipeline.Sentiment.Training;

/// <summary>
/// Trains the shipped sentiment model and writes its folder: vocabulary, network, ONNX export,
/// configs and the dev figures. Reads top to bottom as the steps run.
/// </summary>
public sealed class SentimentTrainer(SentimentTrainingOptions options, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public SentimentReport Train(IReadOnlyList<SentimentExample> train, IReadOnlyList<SentimentExample> dev, string outputDirectory)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outputDirectory);

        // 1. A WordPiece vocabulary learned from the training sentences, and a cased tokenizer over it:
        //    keeping Hangul syllables whole keeps sequences short and n-grams meaningful.
        var vocabulary = WordPieceVocabularyBuilder.Build(train.Select(e => e.Text), options.VocabularySize);
        File.WriteAllLines(Path.Combine(outputDirectory, SentimentScorer.VocabularyFile), vocabulary);
        var settings = new TokenizerSettings(DoLowerCase: false, StripAccents: false, ModelMaxLength: options.MaxLength);
        File.WriteAllText(Path.Combine(outputDirectory, SentimentScorer.TokenizerConfigFile), settings.ToJson());
        var tokenizer = WordPieceTokenizer.Load(outputDirectory);
        _logger.LogInformation("Vocabulary of {Size} pieces in {Seconds:F1} s", vocabulary.Count, clock.Elapsed.TotalSeconds);

        // 2. Every sentence encoded once.
        var trainIds = train.Select(e => tokenizer.Encode(e.Text)).ToArray();
        var devIds = dev.Select(e => tokenizer.Encode(e.Text)).ToArray();

        // 3. The networks, each trained with AdaGrad one sentence at a time over its own seeded shuffles,
        //    the learning rate falling linearly to zero. Each member runs on one thread of its own and
        //    the members are kept in seed order, so the same seed gives the same bytes.
        var shape = new SentimentNetworkShape(vocabulary.Count, options.EmbeddingSize, options.BigramBuckets,
            options.TrigramBuckets, options.HiddenSize, options.ConvEmbeddingSize, options.Filters);
        var targets = train.Select(e => Target(e.Stars)).ToArray();
        var members = new SentimentNetwork[Math.Max(1, options.EnsembleSize)];
        Parallel.For(0, members.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            m => members[m] = TrainMember(shape, options.Seed + m, m, trainIds, targets, devIds, dev, clock));
        // The ensemble's own dev figures are step 5's, measured on what is served.
        if (options.Temperature != 1f)
            foreach (var member in members) member.ScaleLogits(options.Temperature);

        // 4. The export: float16 tables, so the C# networks are rounded the same way before they are written.
        foreach (var member in members) member.RoundEmbeddingsToHalf();
        File.WriteAllBytes(Path.Combine(outputDirectory, SentimentScorer.ModelFile), SentimentOnnxExport.ToOnnx(members));
        File.WriteAllText(Path.Combine(outputDirectory, SentimentScorer.ConfigFile), SentimentModelConfig.ToJson(new Dictionary<string, int>
        {
            ["vocab_size"] = shape.VocabularySize,
            ["embedding_size"] = shape.EmbeddingSize,
            ["bigram_buckets"] = shape.BigramBuckets,
            ["trigram_buckets"] = shape.TrigramBuckets,
            ["hidden_size"] = shape.HiddenSize,
            ["conv_embedding_size"] = shape.ConvEmbeddingSize,
            ["filters"] = shape.Filters,
            ["ensemble_size"] = members.Length,
            ["max_position_embeddings"] = options.MaxLength,
        }));

        // 5. The figures of the served model, through ONNX Runtime, on the dev split.
        using var scorer = SentimentScorer.Load(outputDirectory);
        var timer = Stopwatch.StartNew();
        var scores = scorer.Score(dev.Select(e => e.Text).ToArray());
        var devRate = dev.Count / timer.Elapsed.TotalSeconds;
        var report = SentimentReport.From(dev.Select(e => e.Stars).ToArray(), scores.Select(s => s.Probabilities).ToArray());
        var metrics = new Dictionary<string, object>
        {
            ["split"] = "dev",
            ["n"] = report.N,
            ["accuracy"] = Math.Round(report.Accuracy, 4),
            ["macro_f1"] = Math.Round(report.MacroF1, 4),
            ["mae"] = Math.Round(report.Mae, 4),
            ["polarity_accuracy"] = Math.Round(report.PolarityAccuracy, 4),
            ["train_sentences"] = train.Count,
            ["seed"] = options.Seed,
            ["options"] = options,
        };
        File.WriteAllText(Path.Combine(outputDirectory, "metrics.json"),
            JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        _logger.LogInformation("Model written to {Directory} in {Seconds:F0} s ({Rate:F0} sentences/s on dev)",
            outputDirectory, clock.Elapsed.TotalSeconds, devRate);
        return report;
    }

    private SentimentNetwork TrainMember(SentimentNetworkShape shape, int seed, int index, int[][] trainIds, float[][] targets,
        int[][] devIds, IReadOnlyList<SentimentExample> dev, Stopwatch clock)
    {
        var network = new SentimentNetwork(shape, seed);
        var pass = new SentimentNetwork.Pass(shape);
        var accumulators = options.Adaptive ? new SentimentNetwork.Accumulators(network) : null;
        var random = new Random(seed);
        var order = Enumerable.Range(0, trainIds.Length).ToArray();
        var terms = new SentimentNetwork.TrainingTerms(options.Dropout, options.WeightDecay, options.ExpectationWeight);
        long step = 0, steps = (long)options.Epochs * trainIds.Length;
        var average = options.AveragedSnapshots > 0 ? new SentimentNetwork(shape, seed) : null;
        var snapshotEvery = Math.Max(1, trainIds.Length / Math.Max(1, options.AveragedSnapshots));
        var snapshots = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double loss = 0;
            var position = 0;
            foreach (var i in order)
            {
                var rate = options.LearningRate * (1f - (float)step++ / steps);
                loss += network.Step(trainIds[i], targets[i], pass, accumulators, rate, terms, random);
                if (average is not null && epoch == options.Epochs && ++position % snapshotEvery == 0)
                    Accumulate(average, network, ++snapshots);
            }
            var devReport = Evaluate(network, devIds, dev);
            _logger.LogInformation(
                "Member {Member}, epoch {Epoch}: train loss {Loss:F4}, dev accuracy {Accuracy:F4}, macro-F1 {F1:F4}, MAE {Mae:F4}, polarity {Polarity:F4} ({Seconds:F0} s)",
                index, epoch, loss / trainIds.Length, devReport.Accuracy, devReport.MacroF1, devReport.Mae, devReport.PolarityAccuracy,
                clock.Elapsed.TotalSeconds);
        }
        if (average is null || snapshots == 0) return network;
        var averaged = Evaluate(average, devIds, dev);
        _logger.LogInformation("Member {Member}: averaged {Snapshots} snapshots of the last epoch: dev accuracy {Accuracy:F4}, MAE {Mae:F4}, polarity {Polarity:F4}",
            index, snapshots, averaged.Accuracy, averaged.Mae, averaged.PolarityAccuracy);
        return average;
    }

    // Running mean: average ← average + (current − average) / count.
    private static void Accumulate(SentimentNetwork average, SentimentNetwork current, int count)
    {
        var into = average.Parameters();
        var from = current.Parameters();
        var share = 1f / count;
        for (var p = 0; p < into.Count; p++)
        {
            var a = into[p];
            var c = from[p];
            for (var i = 0; i < a.Length; i++) a[i] += (c[i] - a[i]) * share;
        }
    }

    private static SentimentReport Evaluate(SentimentNetwork network, int[][] ids, IReadOnlyList<SentimentExample> examples)
    {
        var pass = new SentimentNetwork.Pass(network.Shape);
        var probabilities = new float[ids.Length][];
        for (var i = 0; i < ids.Length; i++)
        {
            network.Forward(ids[i], pass);
            probabilities[i] = new float[network.Shape.Classes];
            Softmax.Apply(pass.Logits, probabilities[i]);
        }
        return SentimentReport.From(examples.Select(e => e.Stars).ToArray(), probabilities);
    }

    private float[] Target(int stars)
    {
        var target = new float[SentimentModelConfig.Stars];
        var share = options.NeighbourSmoothing;
        var neighbours = new List<int>();
        if (stars > 1) neighbours.Add(stars - 2);
        if (stars < SentimentModelConfig.Stars) neighbours.Add(stars);
        target[stars - 1] = neighbours.Count == 0 ? 1 : 1 - share;
        foreach (var n in neighbours) target[n] = share / neighbours.Count;
        return target;
    }
}
