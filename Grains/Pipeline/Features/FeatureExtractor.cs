using Counseling.Grains.Interfaces;
using Counseling.Grains.Pipeline.Preprocessing;
using Counseling.Grains.Pipeline.Sentiment;

namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// Stage 2: every feature of a preprocessed session. Sentiment comes in as scores for
/// <see cref="Sentences"/>, so the caller decides where sentences are scored — a local scorer here and in
/// the Cli, a batching worker in the cluster — and many sessions share one batched call.
/// Ratios are shares of the speaker's utterances that contain a lexicon phrase, so a long call and a
/// short one are comparable; counts are counts.
/// </summary>
public sealed class FeatureExtractor(LexiconSet lexicons)
{
    public const int TopNounCount = 10;

    private readonly NounExtractor _nouns = new(lexicons.NounStopwords);
    private readonly PlaceExtractor _places = new(lexicons);

    /// <summary>The sentences of a session in utterance order, each with its speaker: what sentiment is scored on.</summary>
    public static IReadOnlyList<SpokenSentence> Sentences(Session session)
    {
        var sentences = new List<SpokenSentence>();
        foreach (var utterance in session.Utterances)
            foreach (var sentence in SentenceSplitter.Split(utterance.Text))
                sentences.Add(new SpokenSentence(utterance.Speaker, sentence));
        return sentences;
    }

    /// <summary>Features of one session with a local scorer: its sentences go to ONNX Runtime in batches.</summary>
    public SessionFeatures Extract(Session session, SentimentScorer scorer) => Extract([session], scorer)[0];

    /// <summary>Features of many sessions; the sentences of all of them are scored in shared batches.</summary>
    public IReadOnlyList<SessionFeatures> Extract(IReadOnlyList<Session> sessions, SentimentScorer scorer)
    {
        var perSession = sessions.Select(Sentences).ToArray();
        var scores = scorer.Score(perSession.SelectMany(s => s).Select(s => s.Text).ToArray());
        var results = new SessionFeatures[sessions.Count];
        var offset = 0;
        for (var i = 0; i < sessions.Count; i++)
        {
            var count = perSession[i].Count;
            results[i] = Extract(sessions[i], perSession[i], new ArraySegment<SentimentScore>(scores, offset, count));
            offset += count;
        }
        return results;
    }

    /// <param name="sentences">What <see cref="Sentences"/> gave for this session.</param>
    /// <param name="scores">One score per sentence, in the same order.</param>
    public SessionFeatures Extract(Session session, IReadOnlyList<SpokenSentence> sentences, IReadOnlyList<SentimentScore> scores)
    {
        if (sentences.Count != scores.Count)
            throw new ArgumentException($"{scores.Count} sentiment scores for {sentences.Count} sentences.", nameof(scores));

        var texts = session.Utterances.Select(u => u.Text).ToArray();
        var counselor = session.Utterances.Where(u => u.Speaker == Speaker.Counselor).Select(u => MatchText.Of(u.Text)).ToArray();
        var customer = session.Utterances.Where(u => u.Speaker == Speaker.Customer).Select(u => MatchText.Of(u.Text)).ToArray();

        var characters = texts.Sum(CountVisible);
        var basic = new BasicStats(
            session.Utterances.Count,
            Math.Round(sentences.Count == 0 ? 0 : sentences.Average(s => (double)CountVisible(s.Text)), 4),
            characters);

        var counselorSentences = sentences.Where(s => s.Speaker == Speaker.Counselor).ToArray();
        var words = texts.Sum(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var text = new TextFeatures(
            _nouns.Top(texts, TopNounCount).Select(n => n.Noun).ToArray(),
            Ratio(counselorSentences.Count(s => lexicons.HonorificEndings.EndsWithAny(TrimEnding(s.Text))), counselorSentences.Length),
            Ratio(texts.Sum(t => lexicons.PositiveWords.Count(t)), words),
            Ratio(counselor.Count(lexicons.EuphoniousWords.ContainsAny), counselor.Length),
            sentences.Count(s => IsQuestion(s.Text)),
            sentences.Count(s => s.Text.EndsWith('!') || s.Text.EndsWith('！')));

        var opening = counselor.Take(2).Any(lexicons.ScriptPhrases.ContainsAny);
        var closing = counselor.TakeLast(2).Any(lexicons.ScriptPhrases.ContainsAny);
        var confirmed = counselor.Any(lexicons.Confirmation.ContainsAny);
        var clean = !counselor.Any(lexicons.ProhibitedWords.ContainsAny);
        var patterns = new DialoguePatterns(
            Ratio(counselor.Count(lexicons.ScriptPhrases.ContainsAny), counselor.Length),
            Ratio(counselor.Count(lexicons.Confirmation.ContainsAny), counselor.Length),
            Ratio(counselor.Count(lexicons.Empathy.ContainsAny), counselor.Length),
            Ratio(counselor.Count(lexicons.Apology.ContainsAny), counselor.Length),
            Ratio(customer.Count(lexicons.Request.ContainsAny), customer.Length),
            counselor.Count(lexicons.SolutionOffers.ContainsAny),
            customer.Any(lexicons.ConflictWords.ContainsAny),
            // The manual: greet with the script, close with it, confirm what was asked, say nothing prohibited.
            ((opening ? 1 : 0) + (closing ? 1 : 0) + (confirmed ? 1 : 0) + (clean ? 1 : 0)) / 4.0);

        var categories = new Categories(session.Topic, session.ContentCategory, _places.Find(texts));
        return new SessionFeatures(session.SessionId, basic, Sentiment(sentences, scores), text, patterns, categories);
    }

    private static SentimentAnalysis Sentiment(IReadOnlyList<SpokenSentence> sentences, IReadOnlyList<SentimentScore> scores)
    {
        var all = Mean(scores);
        var customer = Mean(scores.Where((_, i) => sentences[i].Speaker == Speaker.Customer));
        var counselor = Mean(scores.Where((_, i) => sentences[i].Speaker == Speaker.Counselor));
        return new SentimentAnalysis(
            all.Overall, all.Stars[0], all.Stars[1], all.Stars[2], all.Stars[3], all.Stars[4], SentimentAnalysis.LabelOf(all.Overall),
            customer.Overall, customer.Stars[0], customer.Stars[1], customer.Stars[2], customer.Stars[3], customer.Stars[4],
            SentimentAnalysis.LabelOf(customer.Overall),
            counselor.Overall, counselor.Stars[0], counselor.Stars[1], counselor.Stars[2], counselor.Stars[3], counselor.Stars[4],
            SentimentAnalysis.LabelOf(counselor.Overall));
    }

    /// <summary>Mean star distribution and Σ i·pᵢ over it; a speaker who said nothing is neutral (3 stars).</summary>
    private static (double Overall, double[] Stars) Mean(IEnumerable<SentimentScore> scores)
    {
        var stars = new double[5];
        var n = 0;
        foreach (var score in scores)
        {
            for (var k = 0; k < 5; k++) stars[k] += score.Probabilities[k];
            n++;
        }
        if (n == 0) return (3.0, [0, 0, 1, 0, 0]);
        double overall = 0;
        for (var k = 0; k < 5; k++)
        {
            stars[k] = Math.Round(stars[k] / n, 6);
            overall += (k + 1) * stars[k];
        }
        return (Math.Round(overall, 6), stars);
    }

    private static bool IsQuestion(string sentence)
    {
        if (sentence.EndsWith('?') || sentence.EndsWith('？')) return true;
        var bare = TrimEnding(sentence);
        // Spoken questions often lose their '?' in transcription; these endings ask.
        return bare.EndsWith("까요", StringComparison.Ordinal) || bare.EndsWith("나요", StringComparison.Ordinal)
            || bare.EndsWith("습니까", StringComparison.Ordinal) || bare.EndsWith("ㅂ니까", StringComparison.Ordinal);
    }

    private static string TrimEnding(string sentence) => sentence.TrimEnd('.', '?', '!', '…', ' ', '~', '？', '！');

    private static int CountVisible(string text)
    {
        var count = 0;
        foreach (var c in text) if (!char.IsWhiteSpace(c)) count++;
        return count;
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 6);
}

/// <summary>One sentence and who said it.</summary>
public sealed record SpokenSentence(Speaker Speaker, string Text);
