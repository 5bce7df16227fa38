namespace Counseling.Grains.Training;

/// <summary>A training file named relative to the configured data root, refused when it would leave it.</summary>
public static class TrainingFile
{
    /// <summary>The full path under <paramref name="root"/>, or why <paramref name="relativePath"/> is refused.</summary>
    public static (string? Path, string? Refusal) Resolve(string? root, string relativePath)
    {
        if (string.IsNullOrWhiteSpace(root))
            return (null, "training from a file is not enabled: no Retrain:DataRoot is configured on the silos");
        if (string.IsNullOrWhiteSpace(relativePath)) return (null, "the path is empty");
        if (System.IO.Path.IsPathRooted(relativePath) || relativePath.Contains('\0'))
            return (null, "the path must be relative to the training data root");
        if (relativePath.Split('/', '\\').Any(part => part == ".."))
            return (null, "the path must not contain '..'");
        var fullRoot = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root));
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(fullRoot, relativePath));
        if (!full.StartsWith(fullRoot + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return (null, "the path leaves the training data root");
        if (!File.Exists(full)) return (null, "no such file under the training data root");
        // A link inside the root could still point outside it.
        var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        var realRoot = new DirectoryInfo(fullRoot).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? fullRoot;
        if (!target.StartsWith(fullRoot + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !target.StartsWith(realRoot + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return (null, "the path links outside the training data root");
        return (full, null);
    }
}
