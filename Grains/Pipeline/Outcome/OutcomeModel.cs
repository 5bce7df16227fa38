using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Counseling.Grains.Pipeline.Dataset;
using Counseling.Grains.Pipeline.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Counseling.Grains.Pipeline.Outcome;

/// <summary>
/// Stage 4: the LightGBM multiclass model over the feature rows of <see cref="FeatureSchema.Current"/>,
/// with the metadata that says what it reads. Safe to share between threads.
/// </summary>
public sealed class OutcomeModel
{
    public const string ModelFile = "model.zip";
    public const string MetadataFile = "metadata.json";

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly SchemaDefinition _inputSchema;
    private readonly ConcurrentBag<PredictionEngine<OutcomeInput, OutcomeScores>> _engines = [];

    public OutcomeMetadata Metadata { get; }

    public string Version => Metadata.Version;

    // Score slot k belongs to class _classOfSlot[k], read from the slot names the label keys gave the scores.
    private readonly int[] _classOfSlot;

    private OutcomeModel(MLContext ml, ITransformer transformer, OutcomeMetadata metadata)
    {
        _ml = ml;
        _transformer = transformer;
        Metadata = metadata;
        _inputSchema = InputSchema(metadata.FeatureSchema.Width);
        var output = transformer.GetOutputSchema(ml.Data.LoadFromEnumerable(Array.Empty<OutcomeInput>(), _inputSchema).Schema);
        VBuffer<ReadOnlyMemory<char>> names = default;
        output[nameof(OutcomeScores.Score)].GetSlotNames(ref names);
        _classOfSlot = names.DenseValues().Select(n => IndexOf(metadata.Classes, n.ToString())).ToArray();
        if (_classOfSlot.Length != metadata.Classes.Count || _classOfSlot.Any(c => c < 0))
            throw new OutcomeModelException($"Outcome model scores [{string.Join(", ", names.DenseValues())}] do not match the classes [{string.Join(", ", metadata.Classes)}].");
    }

    /// <summary>
    /// Trains on the split's train rows with class-balanced example weights (n / (k · count of the class)),
    /// stops early on the validation rows, and reports validation and test figures.
    /// </summary>
    public static OutcomeModel Train(IReadOnlyList<float[]> rows, IReadOnlyList<string> labels, StratifiedSplit split,
        FeatureEncoders encoders, OutcomeHyperParameters? hyperParameters = null, string trainingData = "")
    {
        var hp = hyperParameters ?? new OutcomeHyperParameters();
        var schema = FeatureSchema.Current;
        var classes = schema.Classes;
        foreach (var label in labels.Distinct())
            if (!classes.Contains(label))
                throw new InvalidDataException($"Label '{label}' is not one of {string.Join(", ", classes)}.");

        var counts = classes.ToDictionary(c => c, c => split.Train.Count(i => labels[i] == c));
        var weights = classes.ToDictionary(c => c, c => counts[c] == 0 ? 0f : (float)split.Train.Count / (classes.Count * counts[c]));
        OutcomeInput Input(int i) => new() { Features = rows[i], Outcome = labels[i], Weight = weights[labels[i]] };

        var ml = new MLContext(seed: hp.Seed);
        var inputSchema = InputSchema(schema.Width);
        var train = ml.Data.LoadFromEnumerable(split.Train.Select(Input).ToArray(), inputSchema);
        var validation = ml.Data.LoadFromEnumerable(split.Validation.Select(Input).ToArray(), inputSchema);
        // Keys in the schema's class order, whatever order the data brings them in.
        var labelKeys = ml.Transforms.Conversion.MapValueToKey(LabelColumn, nameof(OutcomeInput.Outcome),
            keyData: ml.Data.LoadFromEnumerable(classes.Select(c => new ClassName { Outcome = c }).ToArray())).Fit(train);
        var trainer = ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = nameof(OutcomeInput.Features),
            ExampleWeightColumnName = nameof(OutcomeInput.Weight),
            NumberOfIterations = hp.Iterations,
            LearningRate = hp.LearningRate,
            NumberOfLeaves = hp.Leaves,
            Booster = new GradientBooster.Options { MaximumTreeDepth = hp.MaxDepth },
            EarlyStoppingRound = hp.EarlyStoppingRounds,
            MinimumExampleCountPerLeaf = hp.MinExamplesPerLeaf,
            Seed = hp.Seed,
            // One thread keeps the trees, and so the model, the same from run to run.
            NumberOfThreads = 1,
            Silent = true,
        });
        var booster = trainer.Fit(labelKeys.Transform(train), labelKeys.Transform(validation));
        var transformer = new TransformerChain<ITransformer>(labelKeys, booster);

        var provisional = new OutcomeModel(ml, transformer, Placeholder(schema, encoders, hp));
        OutcomeReport Report(IReadOnlyList<int> part) => OutcomeReport.From(classes,
            part.Select(i => labels[i]).ToArray(), provisional.Predict(part.Select(i => rows[i]).ToArray()).Select(p => p.Label).ToArray());
        var hash = HashOf(rows, labels);
        var created = DateTimeOffset.UtcNow;
        var metadata = new OutcomeMetadata(
            $"{created:yyyyMMdd.HHmmss}-{VersionHash(hash, hp, split)[..8]}", created, schema, encoders, classes, hp,
            new OutcomeMetrics(Report(split.Validation), Report(split.Test)), hash, rows.Count, trainingData,
            rows.Count == 0 ? null : Math.Round((double)split.Validation.Count / rows.Count, 4));
        return new OutcomeModel(ml, transformer, metadata);
    }

    /// <summary>The model's figures on labelled sessions, their rows built with this model's own encoders.</summary>
    public OutcomeReport Evaluate(IReadOnlyList<SessionFeatures> features, IReadOnlyList<string> labels)
    {
        var rows = features.Select(f => FeatureRow.From(f, Metadata.Encoders)).ToArray();
        return OutcomeReport.From(Metadata.Classes, labels, Predict(rows).Select(p => p.Label).ToArray());
    }

    /// <summary>model.zip and metadata.json as bytes and text: what the model registry stores.</summary>
    public (byte[] Model, string MetadataJson) ToArtifact()
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(_transformer, _ml.Data.LoadFromEnumerable(Array.Empty<OutcomeInput>(), _inputSchema).Schema, stream);
        return (stream.ToArray(), JsonSerializer.Serialize(Metadata, OutcomeMetadata.Json) + "\n");
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        _ml.Model.Save(_transformer, _ml.Data.LoadFromEnumerable(Array.Empty<OutcomeInput>(), _inputSchema).Schema,
            Path.Combine(directory, ModelFile));
        File.WriteAllText(Path.Combine(directory, MetadataFile), JsonSerializer.Serialize(Metadata, OutcomeMetadata.Json) + "\n");
    }

    /// <summary>Loads a model folder and refuses it when its schema is not the one this code builds rows for.</summary>
    public static OutcomeModel Load(string directory)
    {
        var metadataPath = Path.Combine(directory, MetadataFile);
        var modelPath = Path.Combine(directory, ModelFile);
        if (!File.Exists(metadataPath)) throw new OutcomeModelException($"Outcome model metadata not found: {metadataPath}");
        if (!File.Exists(modelPath)) throw new OutcomeModelException($"Outcome model file not found: {modelPath}");
        return Load(File.ReadAllBytes(modelPath), File.ReadAllText(metadataPath), directory);
    }

    /// <summary>
    /// Loads a model from the contents of its two files (as the model registry stores them), with the
    /// same checks as a folder; <paramref name="source"/> names it in errors.
    /// </summary>
    public static OutcomeModel Load(byte[] model, string metadataJson, string source)
    {
        OutcomeMetadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<OutcomeMetadata>(metadataJson, OutcomeMetadata.Json)
                ?? throw new OutcomeModelException($"Outcome model {MetadataFile} is empty: {source}");
        }
        catch (JsonException e)
        {
            throw new OutcomeModelException($"Outcome model {MetadataFile} is not valid: {source} ({e.Message})", e);
        }
        if (FeatureSchema.Current.MismatchWith(metadata.FeatureSchema) is { } mismatch)
            throw new OutcomeModelException(
                $"Outcome model {source} was trained on another feature schema: {mismatch}. Retrain it with this version (Cli train).");

        var ml = new MLContext(seed: metadata.HyperParameters.Seed);
        try
        {
            using var stream = new MemoryStream(model, writable: false);
            return new OutcomeModel(ml, ml.Model.Load(stream, out _), metadata);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or IOException or ArgumentException)
        {
            throw new OutcomeModelException($"Outcome model file {ModelFile} could not be loaded: {source} ({e.Message})", e);
        }
    }

    public OutcomePrediction Predict(float[] row)
    {
        if (row.Length != Metadata.FeatureSchema.Width)
            throw new ArgumentException($"Feature row has {row.Length} values; the model reads {Metadata.FeatureSchema.Width}.", nameof(row));
        // PredictionEngine is not thread-safe; a small pool gives each concurrent caller its own.
        if (!_engines.TryTake(out var engine))
            engine = _ml.Model.CreatePredictionEngine<OutcomeInput, OutcomeScores>(_transformer, inputSchemaDefinition: _inputSchema);
        try
        {
            var scores = engine.Predict(new OutcomeInput { Features = row }).Score;
            return ToPrediction(scores);
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    public IReadOnlyList<OutcomePrediction> Predict(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(rows.Select(r => new OutcomeInput { Features = r }).ToArray(), _inputSchema);
        return _transformer.Transform(data).GetColumn<float[]>(nameof(OutcomeScores.Score)).Select(ToPrediction).ToArray();
    }

    private OutcomePrediction ToPrediction(float[] scores)
    {
        var classes = Metadata.Classes;
        var byClass = new double[classes.Count];
        for (var slot = 0; slot < scores.Length; slot++) byClass[_classOfSlot[slot]] = scores[slot];
        var best = 0;
        var distribution = new Dictionary<string, double>(classes.Count, StringComparer.Ordinal);
        for (var k = 0; k < classes.Count; k++)
        {
            distribution[classes[k]] = Math.Round(byClass[k], 6);
            if (byClass[k] > byClass[best]) best = k;
        }
        return new OutcomePrediction(classes[best], Math.Round(byClass[best], 6), distribution, Metadata.Version);
    }

    private static OutcomeMetadata Placeholder(FeatureSchema schema, FeatureEncoders encoders, OutcomeHyperParameters hp)
    {
        var empty = new OutcomeReport(0, 0, 0, 0, 0, 0, new Dictionary<string, OutcomeClassReport>(), []);
        return new OutcomeMetadata("training", DateTimeOffset.UnixEpoch, schema, encoders, schema.Classes, hp,
            new OutcomeMetrics(empty, empty), "", 0, "");
    }

    private static SchemaDefinition InputSchema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(OutcomeInput));
        schema[nameof(OutcomeInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private static int IndexOf(IReadOnlyList<string> classes, string label)
    {
        for (var i = 0; i < classes.Count; i++) if (classes[i] == label) return i;
        return -1;
    }

    // Two retrains of the same rows in the same second with other settings are different models and must
    // not share a version (the registry keeps the first artifact of a version); the same rows, settings and
    // split train the same trees, so they may.
    private static string VersionHash(string dataHash, OutcomeHyperParameters hp, StratifiedSplit split) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{dataHash}|{JsonSerializer.Serialize(hp)}|{string.Join(',', split.Train)}|{string.Join(',', split.Validation)}")));

    private static string HashOf(IReadOnlyList<float[]> rows, IReadOnlyList<string> labels)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var v in rows[i]) sha.AppendData(BitConverter.GetBytes(v));
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(labels[i] + "\n"));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private const string LabelColumn = "Label";

    private sealed class OutcomeInput
    {
        public float[] Features { get; set; } = [];

        // Empty at prediction time; it maps to the missing key and is ignored.
        public string Outcome { get; set; } = "";

        public float Weight { get; set; } = 1;
    }

    private sealed class ClassName
    {
        public string Outcome { get; set; } = "";
    }

    private sealed class OutcomeScores
    {
        public float[] Score { get; set; } = [];
    }
}
