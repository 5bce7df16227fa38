using Counseling.Grains.Training;

namespace Counseling.Tests.Training;

public sealed class TrainingFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("training-root-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("training-outside-").FullName;

    public TrainingFileTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        File.WriteAllText(Path.Combine(_root, "sub", "data.json"), "[]");
        File.WriteAllText(Path.Combine(_outside, "secret.json"), "[]");
    }

    [Fact]
    public void A_file_under_the_root_resolves_to_its_full_path()
    {
        var (path, refusal) = TrainingFile.Resolve(_root, "sub/data.json");
        Assert.Null(refusal);
        Assert.Equal(Path.Combine(_root, "sub", "data.json"), path);
    }

    [Theory]
    [InlineData("../secret.json", "'..'")]
    [InlineData("sub/../../secret.json", "'..'")]
    [InlineData("/etc/passwd", "relative")]
    [InlineData("", "empty")]
    [InlineData("sub/missing.json", "no such file")]
    public void Paths_that_leave_the_root_or_name_nothing_are_refused(string relative, string reason)
    {
        var (path, refusal) = TrainingFile.Resolve(_root, relative);
        Assert.Null(path);
        Assert.Contains(reason, refusal);
    }

    [Fact]
    public void A_link_inside_the_root_to_a_file_outside_it_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "link.json"), Path.Combine(_outside, "secret.json"));
        var (path, refusal) = TrainingFile.Resolve(_root, "link.json");
        Assert.Null(path);
        Assert.Contains("links outside", refusal);
    }

    [Fact]
    public void Without_a_configured_root_no_file_is_read()
    {
        var (path, refusal) = TrainingFile.Resolve(null, "sub/data.json");
        Assert.Null(path);
        Assert.Contains("Retrain:DataRoot", refusal);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}
