namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>Two lines that belong together: a question and its answer, whoever asks.</summary>
public sealed record Exchange(string First, string Reply);

/// <summary>
/// The phrases of one 상담 주제. <see cref="Subject"/> is a noun phrase that templates follow with
/// "건" or "관련해서", so no template has to choose a Korean particle for an arbitrary noun.
/// <see cref="Places"/>, when given, replaces the domain's places: an insurer does not raise transfer limits.
/// </summary>
public sealed record TopicScript(
    string Topic,
    IReadOnlyList<string> Contents,
    string Subject,
    IReadOnlyList<string> Requests,
    IReadOnlyList<Exchange> Probes,
    IReadOnlyList<Exchange> Questions,
    IReadOnlyList<string> Explanations,
    IReadOnlyList<string>? Places = null);

/// <summary>
/// One kind of call center. Openings are templates with {place} and {name}; the place is what the
/// feature extractor later reads back as rec_place.
/// </summary>
public sealed record DomainScript(
    string Name,
    IReadOnlyList<string> Places,
    IReadOnlyList<string> Openings,
    IReadOnlyList<Exchange> Verification,
    IReadOnlyList<TopicScript> Topics);
