using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Features;
using Counseling.Grains.Pipeline.Outcome;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;
using Counseling.Grains.Pipeline.Synthesis;

namespace Counseling.Tests.Shared;

/// <summary>
/// A real second outcome model, trained with the product's trainer on a few generated dialogues: small
/// enough to train in seconds, real enough that the registry and every silo must load it.
/// </summary>
public sealed class TinyOutcomeModel
{
    private TinyOutcomeModel(ModelArtifact artifact, string version)
    {
        Artifact = artifact;
        Version = version;
    }

    public ModelArtifact Artifact { get; }

    public string Version { get; }

    public static TinyOutcomeModel Train(int seed, int sessions = 160)
    {
        using var writer = new StringWriter();
        new DialogueGenerator(seed).WriteJsonl(sessions, writer);
        var records = SessionRecordReader.Parse(writer.ToString()).Records;
        var directory = Directory.CreateTempSubdirectory("tiny-outcome-").FullName;
        try
        {
            using var scorer = SentimentScorer.Load(ModelLocation.Sentiment());
            var extractor = new FeatureExtractor(LexiconSet.LoadShipped());
            var model = new OutcomeTrainer(scorer, extractor).Train(records, directory,
                new OutcomeHyperParameters(Iterations: 40), trainingData: $"tiny, seed {seed}");
            return new TinyOutcomeModel(
                new ModelArtifact(File.ReadAllBytes(Path.Combine(directory, OutcomeModel.ModelFile)),
                    File.ReadAllText(Path.Combine(directory, OutcomeModel.MetadataFile))),
                model.Version);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
