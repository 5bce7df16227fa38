namespace Counseling.Grains.Batches;

[GenerateSerializer, Alias("counseling.upload-registry-state")]
public sealed class UploadRegistryState
{
    [Id(0)] public List<string> SessionIds { get; set; } = [];
}
