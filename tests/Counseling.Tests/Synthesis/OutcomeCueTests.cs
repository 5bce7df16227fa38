using Counseling.Grains.Pipeline.Synthesis;
using Xunit.Abstractions;

namespace Counseling.Tests.Synthesis;

/// <summary>
/// The outcome must be learnable from a call but never given away by it: these tests keep the
/// generator between a give-away and noise.
/// </summary>
public sealed class OutcomeCueTests(ITestOutputHelper output)
{
    [Fact]
    public void No_single_word_decides_the_outcome()
    {
        var sessions = new DialogueGenerator(9).Generate(2000).Select(s => (s.Outcome, Words: TranscriptLines.Words(s.ConsultingContent))).ToList();
        var vocabulary = sessions.SelectMany(s => s.Words).ToHashSet();
        foreach (var outcome in OutcomeLabel.All)
        {
            var inside = sessions.Where(s => s.Outcome == outcome).ToList();
            var outside = sessions.Where(s => s.Outcome != outcome).ToList();
            foreach (var word in vocabulary)
            {
                var insideShare = inside.Count(s => s.Words.Contains(word)) / (double)inside.Count;
                if (insideShare < 0.95) continue;
                var outsideShare = outside.Count(s => s.Words.Contains(word)) / (double)outside.Count;
                Assert.False(outsideShare <= 0.05,
                    $"'{word}' is in {insideShare:P0} of {outcome} calls and only {outsideShare:P0} of the others");
            }
        }
    }

    [Fact]
    public void A_bag_of_words_classifier_learns_the_outcome_but_not_perfectly()
    {
        var train = new DialogueGenerator(100).Generate(2000).ToList();
        var test = new DialogueGenerator(200).Generate(1000).ToList();
        var classifier = BagOfWordsClassifier.Train(train.Select(s => (TranscriptLines.Words(s.ConsultingContent), s.Outcome)));
        var predicted = test.Select(s => classifier.Predict(TranscriptLines.Words(s.ConsultingContent))).ToList();

        var macroF1 = OutcomeLabel.All.Average(label =>
        {
            var tp = test.Zip(predicted).Count(p => p.First.Outcome == label && p.Second == label);
            var fp = test.Zip(predicted).Count(p => p.First.Outcome != label && p.Second == label);
            var fn = test.Zip(predicted).Count(p => p.First.Outcome == label && p.Second != label);
            return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        });
        output.WriteLine($"naive Bayes macro-F1 on held-out seed: {macroF1:F3}");
        Assert.InRange(macroF1, 0.45, 0.95);
    }
}
