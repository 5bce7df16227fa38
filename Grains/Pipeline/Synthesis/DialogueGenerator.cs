namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// Seeded source of synthetic Korean counseling calls with outcome labels, for training the outcome
/// model where no labelled public transcripts exist. A seed always gives the same sessions, in order.
/// </summary>
public sealed class DialogueGenerator(int seed)
{
    // About one call in fourteen sounds like another outcome than its label, as real labels are noisy.
    public const double LabelNoiseRate = 0.07;

    private static readonly IReadOnlyList<DomainScript> Domains =
        [CardDomain.Script, TelecomDomain.Script, PublicOfficeDomain.Script, DeliveryDomain.Script, BankingDomain.Script];
    private static readonly double[] DomainWeights = [0.24, 0.24, 0.22, 0.18, 0.12];

    private static readonly string[] Outcomes =
        [OutcomeLabel.Satisfied, OutcomeLabel.FollowUp, OutcomeLabel.Insufficient, OutcomeLabel.Unsolvable];
    private static readonly double[] OutcomeWeights = [0.35, 0.25, 0.20, 0.20];

    public int Seed => seed;

    public static IReadOnlyList<string> DomainNames { get; } = Domains.Select(d => d.Name).ToArray();

    public IEnumerable<GeneratedSession> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Sessions(count);
    }

    public void WriteJsonl(int count, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var session in Generate(count)) SessionJsonl.Write(session, writer);
    }

    // A fresh Dice per enumeration, so enumerating twice gives the same sessions twice.
    private IEnumerable<GeneratedSession> Sessions(int count)
    {
        var dice = new Dice(seed);
        var composer = new DialogueComposer(dice);
        var renderer = new TranscriptRenderer(dice);
        for (var n = 1; n <= count; n++)
        {
            var domain = Domains[dice.Weighted(DomainWeights)];
            var topic = dice.Pick(domain.Topics);
            var content = dice.Pick(topic.Contents);
            var place = dice.Pick(topic.Places ?? domain.Places);
            var outcome = Outcomes[dice.Weighted(OutcomeWeights)];
            var voice = dice.Chance(LabelNoiseRate) ? OtherThan(outcome, dice) : outcome;
            var turns = composer.Compose(domain, topic, place, voice, Length(voice, dice));
            yield return new GeneratedSession($"syn_{seed}_{n}", domain.Name, topic.Topic, content, outcome, renderer.Render(turns));
        }
    }

    // Most calls run 10–40 utterances, a few are a quick question, a few drag on; follow-ups run
    // longer and poor calls shorter, a weak signal that the model may use but cannot lean on.
    private static int Length(string outcome, Dice dice)
    {
        double[] bands = outcome switch
        {
            OutcomeLabel.FollowUp => [0.08, 0.55, 0.28, 0.09],
            OutcomeLabel.Insufficient => [0.18, 0.62, 0.16, 0.04],
            _ => [0.12, 0.60, 0.22, 0.06],
        };
        return dice.Weighted(bands) switch
        {
            0 => dice.Between(DialogueComposer.MinTurns, 9),
            1 => dice.Between(10, 40),
            2 => dice.Between(41, 60),
            _ => dice.Between(61, DialogueComposer.MaxTurns - 3),
        };
    }

    private static string OtherThan(string outcome, Dice dice)
    {
        var others = Outcomes.Where(o => o != outcome).ToArray();
        return dice.Pick(others);
    }
}
