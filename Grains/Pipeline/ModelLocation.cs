namespace Counseling.Grains.Pipeline;

/// <summary>
/// Finds the models folder (MODEL_PATH, default <c>models/</c>). A relative path is tried from the
/// working directory and then from each folder above the program, so `dotnet run` from the
/// repository and a test run from bin/ both find the shipped artifacts.
/// </summary>
public static class ModelLocation
{
    public const string DefaultRoot = "models";

    public static string Root(string? configured = null)
    {
        configured ??= Environment.GetEnvironmentVariable("MODEL_PATH");
        if (string.IsNullOrWhiteSpace(configured)) configured = DefaultRoot;
        if (Path.IsPathRooted(configured)) return configured;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return Path.GetFullPath(configured);
    }

    public static string Sentiment(string? configured = null) => Path.Combine(Root(configured), "sentiment");

    public static string Lexicons(string? configured = null) => Path.Combine(Root(configured), "lexicons");

    public static string Outcome(string? configured = null) => Path.Combine(Root(configured), "outcome");
}
