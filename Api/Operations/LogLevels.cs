namespace Counseling.Api.Operations;

/// <summary>The level names of <c>/api/v1/logs/{level}</c>, as Microsoft.Extensions.Logging spells them.</summary>
internal static class LogLevels
{
    public static readonly IReadOnlyDictionary<string, LogLevel> ByName = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase)
    {
        ["trace"] = LogLevel.Trace,
        ["debug"] = LogLevel.Debug,
        ["information"] = LogLevel.Information,
        ["warning"] = LogLevel.Warning,
        ["error"] = LogLevel.Error,
        ["critical"] = LogLevel.Critical,
    };

    public static string Name(int level) => ((LogLevel)level).ToString().ToLowerInvariant();
}
