using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.Pipeline;
using Counseling.Grains.Pipeline.Outcome;

namespace Counseling.Tests.Pipeline;

public sealed class OutcomeMetadataTests
{
    [Fact]
    public void Metadata_written_before_retraining_existed_still_loads_with_the_new_fields_empty()
    {
        var directory = ModelLocation.Outcome();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, OutcomeModel.MetadataFile)))!.AsObject();
        json.Remove("validation_split");
        json["hyperparameters"]!.AsObject().Remove("min_data_in_leaf");

        var model = OutcomeModel.Load(File.ReadAllBytes(Path.Combine(directory, OutcomeModel.ModelFile)), json.ToJsonString(), "old metadata");

        Assert.Null(model.Metadata.ValidationSplit);
        Assert.Null(model.Metadata.HyperParameters.MinExamplesPerLeaf);
        Assert.True(model.Metadata.Metrics.Validation.N > 0);
        // Written again, it carries the fields, so a registry round trip keeps them.
        var written = JsonSerializer.Serialize(model.Metadata, OutcomeMetadata.Json);
        Assert.Contains("\"validation_split\"", written);
        Assert.Contains("\"min_data_in_leaf\"", written);
    }
}
