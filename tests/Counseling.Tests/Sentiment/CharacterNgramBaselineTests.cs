using Counseling.Grains.Pipeline.Sentiment.Training;

namespace Counseling.Tests.Sentiment;

public sealed class CharacterNgramBaselineTests
{
    private static readonly IReadOnlyList<SentimentExample> Fixture =
        SentimentCorpus.Read(SentimentTrainerTests.FixturePath("sentiment-small.tsv"));

    [Fact]
    public void Five_star_model_fits_the_fixture_and_reports_every_figure()
    {
        // Weak regularisation: forty sentences are separable by their n-grams, so the fit must find that.
        var report = new CharacterNgramBaseline(ngramLength: 3, l2Regularization: 0.01f).FiveStars(Fixture, Fixture);

        Assert.Equal(40, report.N);
        Assert.True(report.Accuracy >= 0.9, $"training accuracy {report.Accuracy}");
        Assert.True(report.PolarityAccuracy >= 0.95, $"polarity {report.PolarityAccuracy}");
        Assert.True(report.Mae < 0.5, $"MAE {report.Mae}");
        Assert.Equal(5, report.PerClass.Count);
        Assert.All(report.PerClass, c => Assert.Equal(8, c.Support));
    }

    [Fact]
    public void Polarity_only_model_is_judged_on_the_rows_that_are_not_three_stars()
    {
        var polarity = new CharacterNgramBaseline(l2Regularization: 0.01f).PolarityOnly(Fixture, Fixture);
        Assert.Equal(32, polarity.N);
        Assert.True(polarity.Accuracy >= 0.95, $"polarity {polarity.Accuracy}");

        // Swapping the poles of the evaluation rows must turn a good fit into a bad one.
        var flipped = Fixture.Select(e => e with { Stars = 6 - e.Stars }).ToArray();
        var wrong = new CharacterNgramBaseline(l2Regularization: 0.01f).PolarityOnly(Fixture, flipped).Accuracy;
        Assert.True(wrong <= 0.05, $"flipped polarity {wrong}");
    }

    [Fact]
    public void Training_data_without_every_star_count_is_refused_by_name()
    {
        var noThrees = Fixture.Where(e => e.Stars != 3).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => new CharacterNgramBaseline().FiveStars(noThrees, Fixture));
        Assert.Contains("3 stars", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CharacterNgramBaseline(ngramLength: 0));
    }
}
