namespace Counseling.Tests.Synthesis;

/// <summary>
/// Bernoulli naive Bayes over word presence: the simplest model that could exploit a give-away
/// word, so if it scores near perfect the generated task is too easy.
/// </summary>
internal sealed class BagOfWordsClassifier
{
    private readonly Dictionary<string, double> _logPrior = [];
    private readonly Dictionary<string, Dictionary<string, (double Present, double Absent)>> _logLikelihood = [];
    private readonly HashSet<string> _vocabulary = [];

    public static BagOfWordsClassifier Train(IEnumerable<(HashSet<string> Words, string Label)> examples)
    {
        var model = new BagOfWordsClassifier();
        var list = examples.ToList();
        foreach (var (words, _) in list) model._vocabulary.UnionWith(words);
        foreach (var group in list.GroupBy(e => e.Label))
        {
            var documents = group.Count();
            model._logPrior[group.Key] = Math.Log(documents / (double)list.Count);
            var counts = new Dictionary<string, int>();
            foreach (var (words, _) in group)
                foreach (var word in words) counts[word] = counts.GetValueOrDefault(word) + 1;
            model._logLikelihood[group.Key] = model._vocabulary.ToDictionary(w => w, w =>
            {
                var p = (counts.GetValueOrDefault(w) + 1.0) / (documents + 2.0);
                return (Math.Log(p), Math.Log(1 - p));
            });
        }
        return model;
    }

    public string Predict(HashSet<string> words) => _logPrior.Keys.MaxBy(label =>
    {
        var score = _logPrior[label];
        foreach (var (word, (present, absent)) in _logLikelihood[label])
            score += words.Contains(word) ? present : absent;
        return score;
    })!;
}
