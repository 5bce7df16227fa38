namespace Counseling.Grains.Pipeline.Features;

/// <summary>
/// Every lexicon stage 2 uses, read once from <c>models/lexicons/</c>. The feature extractor
/// holds one instance for its lifetime; all members are immutable, so it is shared freely.
/// </summary>
public sealed class LexiconSet
{
    public const string ScriptPhrasesFile = "script_phrases.txt";
    public const string HonorificEndingsFile = "honorific_endings.txt";
    public const string PositiveWordsFile = "positive_words.txt";
    public const string EuphoniousWordsFile = "euphonious_words.txt";
    public const string ConfirmationFile = "confirmation.txt";
    public const string EmpathyFile = "empathy.txt";
    public const string ApologyFile = "apology.txt";
    public const string RequestFile = "request.txt";
    public const string SolutionOffersFile = "solution_offers.txt";
    public const string ConflictWordsFile = "conflict_words.txt";
    public const string ProhibitedWordsFile = "prohibited_words.txt";
    public const string NounStopwordsFile = "stopwords_nouns.txt";
    public const string PlaceSuffixesFile = "place_suffixes.txt";

    public static IReadOnlyList<string> FileNames { get; } =
    [
        ScriptPhrasesFile, HonorificEndingsFile, PositiveWordsFile, EuphoniousWordsFile, ConfirmationFile,
        EmpathyFile, ApologyFile, RequestFile, SolutionOffersFile, ConflictWordsFile, ProhibitedWordsFile,
        NounStopwordsFile, PlaceSuffixesFile,
    ];

    private LexiconSet(IReadOnlyDictionary<string, Lexicon> byFile)
    {
        ScriptPhrases = byFile[ScriptPhrasesFile];
        HonorificEndings = byFile[HonorificEndingsFile];
        PositiveWords = byFile[PositiveWordsFile];
        EuphoniousWords = byFile[EuphoniousWordsFile];
        Confirmation = byFile[ConfirmationFile];
        Empathy = byFile[EmpathyFile];
        Apology = byFile[ApologyFile];
        Request = byFile[RequestFile];
        SolutionOffers = byFile[SolutionOffersFile];
        ConflictWords = byFile[ConflictWordsFile];
        ProhibitedWords = byFile[ProhibitedWordsFile];
        NounStopwords = byFile[NounStopwordsFile];
        PlaceSuffixes = byFile[PlaceSuffixesFile];
    }

    /// <summary>Counselor script: greeting, identity check, hold, closing.</summary>
    public Lexicon ScriptPhrases { get; }

    /// <summary>Polite sentence endings; use <see cref="Lexicon.EndsWithAny(MatchText)"/> per sentence.</summary>
    public Lexicon HonorificEndings { get; }

    public Lexicon PositiveWords { get; }

    /// <summary>Cushion words that soften a question or refusal (쿠션어).</summary>
    public Lexicon EuphoniousWords { get; }

    public Lexicon Confirmation { get; }

    public Lexicon Empathy { get; }

    public Lexicon Apology { get; }

    /// <summary>Customer requests.</summary>
    public Lexicon Request { get; }

    /// <summary>Counselor offers and actions taken.</summary>
    public Lexicon SolutionOffers { get; }

    public Lexicon ConflictWords { get; }

    /// <summary>What a counselor must not say, including 반말.</summary>
    public Lexicon ProhibitedWords { get; }

    /// <summary>Whole words never reported as topics by <see cref="NounExtractor"/>.</summary>
    public Lexicon NounStopwords { get; }

    /// <summary>Endings of office, center and branch names for <see cref="PlaceExtractor"/>.</summary>
    public Lexicon PlaceSuffixes { get; }

    /// <summary>Reads every lexicon file from the folder; any missing file fails naming it.</summary>
    public static LexiconSet Load(string lexiconDirectory)
    {
        if (!Directory.Exists(lexiconDirectory))
            throw new LexiconException($"Lexicon folder not found: {lexiconDirectory}");
        var byFile = FileNames.ToDictionary(f => f, f => Lexicon.Load(Path.Combine(lexiconDirectory, f)));
        return new LexiconSet(byFile);
    }

    /// <summary>The shipped lexicons under the models folder (MODEL_PATH or models/).</summary>
    public static LexiconSet LoadShipped(string? modelRoot = null) => Load(ShippedDirectory(modelRoot));

    public static string ShippedDirectory(string? modelRoot = null) => ModelLocation.Lexicons(modelRoot);
}
