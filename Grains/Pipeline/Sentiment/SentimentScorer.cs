using Counseling.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>
/// Scores sentences with a 5-star sentiment model in ONNX Runtime: the shipped subword model or any
/// BERT sequence classifier exported to ONNX (model.onnx, vocab.txt, config.json, tokenizer_config.json).
/// One instance per process: InferenceSession.Run is thread-safe, so callers share it.
/// </summary>
public sealed class SentimentScorer : IDisposable
{
    public const string ModelFile = "model.onnx";
    public const string VocabularyFile = "vocab.txt";
    public const string ConfigFile = "config.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly RunOptions _runOptions = new();
    private readonly WordPieceTokenizer _tokenizer;
    private readonly SentimentModelConfig _config;
    private readonly bool _takesTokenTypes;
    private readonly string _outputName;

    // The native session must not be freed under a Run: disposal closes the door, then waits for these.
    private int _running;
    private int _closing;

    public SentimentScorerOptions Options { get; }

    /// <summary>True when the CUDA execution provider was appended.</summary>
    public bool OnGpu { get; }

    public IReadOnlyList<string> Labels => _config.Labels;

    public WordPieceTokenizer Tokenizer => _tokenizer;

    private SentimentScorer(string directory, SentimentScorerOptions options, ILogger logger)
    {
        Options = options;
        if (!Directory.Exists(directory)) throw new SentimentModelException($"Sentiment model folder not found: {directory}");
        var modelPath = Path.Combine(directory, ModelFile);
        if (!File.Exists(modelPath)) throw new SentimentModelException($"Sentiment model file not found: {modelPath}");
        _config = SentimentModelConfig.Load(Path.Combine(directory, ConfigFile));
        _tokenizer = WordPieceTokenizer.Load(directory);

        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (options.GpuEnabled) OnGpu = TryAppendCuda(_sessionOptions, logger);

        try
        {
            _session = new InferenceSession(modelPath, _sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            _sessionOptions.Dispose();
            throw new SentimentModelException($"Sentiment model file could not be loaded: {modelPath} ({e.Message})", e);
        }

        var inputs = _session.InputMetadata;
        if (!inputs.ContainsKey("input_ids") || !inputs.ContainsKey("attention_mask"))
        {
            Dispose();
            throw new SentimentModelException($"Sentiment model {modelPath} must take 'input_ids' and 'attention_mask'.");
        }
        _takesTokenTypes = inputs.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.Keys.First();
    }

    public static SentimentScorer Load(string directory, SentimentScorerOptions? options = null, ILogger? logger = null) =>
        new(directory, options ?? new SentimentScorerOptions(), logger ?? NullLogger.Instance);

    /// <summary>
    /// Scores every sentence. Sentences are sorted by token length and cut into batches of
    /// <see cref="SentimentScorerOptions.BatchSize"/>, so each batch pads to nearly its own length.
    /// </summary>
    public SentimentScore[] Score(IReadOnlyList<string> sentences)
    {
        var encoded = new int[sentences.Count][];
        for (var i = 0; i < encoded.Length; i++) encoded[i] = _tokenizer.Encode(sentences[i]);
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();

        var results = new SentimentScore[sentences.Count];
        var batchSize = Math.Max(1, Options.BatchSize);
        var batches = (order.Length + batchSize - 1) / batchSize;
        void RunBatch(int b)
        {
            var members = order.AsSpan(b * batchSize, Math.Min(batchSize, order.Length - b * batchSize)).ToArray();
            var probabilities = Run(members.Select(i => encoded[i]).ToArray());
            for (var j = 0; j < members.Length; j++) results[members[j]] = probabilities[j];
        }

        if (batches <= 1 || Options.MaxParallelBatches <= 1)
            for (var b = 0; b < batches; b++) RunBatch(b);
        else
            Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxParallelBatches }, RunBatch);
        return results;
    }

    public SentimentScore Score(string sentence) => Score([sentence])[0];

    /// <summary>One ONNX Runtime call over already-encoded sentences, padded to the longest of them.</summary>
    private SentimentScore[] Run(int[][] batch)
    {
        var padded = _tokenizer.Pad(batch);
        var rows = padded.BatchSize;
        long[] shape = [rows, padded.SequenceLength];
        var names = new List<string>(3) { "input_ids", "attention_mask" };
        var values = new List<OrtValue>(3)
        {
            OrtValue.CreateTensorValueFromMemory(padded.InputIds, shape),
            OrtValue.CreateTensorValueFromMemory(padded.AttentionMask, shape),
        };
        if (_takesTokenTypes)
        {
            names.Add("token_type_ids");
            values.Add(OrtValue.CreateTensorValueFromMemory(padded.TokenTypeIds, shape));
        }
        if (!Enter())
        {
            foreach (var value in values) value.Dispose();
            throw new ObjectDisposedException(nameof(SentimentScorer));
        }
        try
        {
            using var outputs = _session.Run(_runOptions, names, values, [_outputName]);
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            var classes = _config.StarOfOutput.Length;
            var scores = new SentimentScore[rows];
            Span<float> p = stackalloc float[classes];
            for (var r = 0; r < rows; r++)
            {
                Softmax.Apply(logits.Slice(r * classes, classes), p);
                var byStar = new float[classes];
                for (var k = 0; k < classes; k++) byStar[_config.StarOfOutput[k] - 1] = p[k];
                scores[r] = new SentimentScore(byStar);
            }
            return scores;
        }
        finally
        {
            foreach (var value in values) value.Dispose();
            Interlocked.Decrement(ref _running);
        }
    }

    private bool Enter()
    {
        Interlocked.Increment(ref _running);
        if (Volatile.Read(ref _closing) == 0) return true;
        Interlocked.Decrement(ref _running);
        return false;
    }

    private static bool TryAppendCuda(SessionOptions options, ILogger logger)
    {
        try
        {
            options.AppendExecutionProvider_CUDA();
            return true;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            // The CPU build of ONNX Runtime has no CUDA provider; serving on CPU beats not serving.
            logger.LogWarning("GPU_ENABLED is set but the CUDA execution provider is not available ({Reason}); sentiment runs on CPU", e.Message);
            return false;
        }
    }

    /// <summary>
    /// Stops new runs, asks ONNX Runtime to end the ones in flight (a silo stopping mid-batch has work
    /// running on other threads) and frees the session only once they have returned.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1) return;
        _runOptions.Terminate = true;
        if (!SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 0, TimeSpan.FromSeconds(10)))
        {
            // A run that ignores Terminate: leaking the session beats freeing memory it is still using.
            return;
        }
        _session?.Dispose();
        _sessionOptions.Dispose();
        _runOptions.Dispose();
    }
}
