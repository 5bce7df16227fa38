using System.Text.Json.Serialization;

namespace Counseling.Grains.Pipeline.Dataset;

/// <summary>
/// Maps a categorical value to a stable id. Id 0 is reserved: missing values and values never seen in
/// training map there, so a new office or topic at prediction time is "unknown", not an error.
/// </summary>
public sealed class CategoryEncoder
{
    public const int Unknown = 0;

    [JsonPropertyName("ids")]
    public IReadOnlyDictionary<string, int> Ids { get; }

    [JsonConstructor]
    public CategoryEncoder(IReadOnlyDictionary<string, int> ids)
    {
        if (ids.Values.Any(id => id <= Unknown)) throw new ArgumentException("Category ids start at 1; 0 is reserved for unknown.");
        Ids = ids;
    }

    /// <summary>Ids 1…n by descending frequency, ties in ordinal order, so the same data gives the same ids.</summary>
    public static CategoryEncoder Fit(IEnumerable<string?> values)
    {
        var ids = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())
            .GroupBy(v => v, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => (g.Key, Id: i + 1))
            .ToDictionary(p => p.Key, p => p.Id, StringComparer.Ordinal);
        return new CategoryEncoder(ids);
    }

    public int Encode(string? value) =>
        value is not null && Ids.TryGetValue(value.Trim(), out var id) ? id : Unknown;

    public string? Decode(int id) => Ids.FirstOrDefault(p => p.Value == id).Key;
}
