using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Api.Callytics;
using Counseling.Grains.Batches;

namespace Counseling.Api.Jobs;

/// <summary>The fields batches and processing tasks share, read so a mistake names its field.</summary>
internal static class JobFields
{
    public const int DefaultMaxConcurrent = 5;

    /// <summary>More than this many sessions in one request is refused; a larger corpus goes in several.</summary>
    public const int MaxSessionsPerRequest = 1_000;

    public static int MaxConcurrent(JsonObject owner, Dictionary<string, string[]> errors)
    {
        if (owner["max_concurrent"] is not { } node || node.GetValueKind() == JsonValueKind.Null) return DefaultMaxConcurrent;
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value) && value is >= 1 and <= BatchGrain.MaxConcurrentLimit)
            return value;
        errors["max_concurrent"] = [$"max_concurrent must be a whole number from 1 to {BatchGrain.MaxConcurrentLimit}."];
        return DefaultMaxConcurrent;
    }

    /// <summary>An optional id following the session id rule; <paramref name="prefix"/> plus a random part when absent.</summary>
    public static string Id(JsonObject owner, string field, string prefix, Dictionary<string, string[]> errors)
    {
        if (owner[field] is not { } node || node.GetValueKind() == JsonValueKind.Null) return prefix + Guid.NewGuid().ToString("N")[..16];
        if (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is var id && CallyticsLimits.SessionId().IsMatch(id)) return id;
        errors[field] = [SessionProblems.IdRule(field)];
        return "";
    }

    /// <summary>Adds <paramref name="inner"/>'s errors under <paramref name="prefix"/> (e.g. <c>requests[3].</c>).</summary>
    public static void AddPrefixed(Dictionary<string, string[]> errors, string prefix, Dictionary<string, string[]> inner)
    {
        foreach (var (field, reasons) in inner) errors[prefix + field] = reasons;
    }
}
