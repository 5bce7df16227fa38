using System.Text.Json;
using Counseling.Grains.Pipeline.Dataset;

namespace Counseling.Tests.Pipeline;

public sealed class DatasetTests
{
    [Fact]
    public void Encoder_gives_ids_by_frequency_and_maps_unknown_and_missing_to_the_reserved_id()
    {
        var encoder = CategoryEncoder.Fit(["카드", "통신", "카드", null, " 통신 ", "복지", "카드"]);
        Assert.Equal(1, encoder.Encode("카드"));
        Assert.Equal(2, encoder.Encode("통신"));
        Assert.Equal(3, encoder.Encode("복지"));
        Assert.Equal(CategoryEncoder.Unknown, encoder.Encode("배송"));
        Assert.Equal(CategoryEncoder.Unknown, encoder.Encode(null));
        Assert.Equal("통신", encoder.Decode(2));
    }

    [Fact]
    public void Encoder_survives_a_json_round_trip_with_the_same_ids()
    {
        var encoder = CategoryEncoder.Fit(["광진구청", "역삼동주민센터", "광진구청", "강남지점"]);
        var back = JsonSerializer.Deserialize<CategoryEncoder>(JsonSerializer.Serialize(encoder))!;
        foreach (var value in new[] { "광진구청", "역삼동주민센터", "강남지점", "처음 보는 곳" })
            Assert.Equal(encoder.Encode(value), back.Encode(value));
    }

    [Fact]
    public void Encoder_refuses_the_reserved_id_for_a_value()
    {
        Assert.Throws<ArgumentException>(() => new CategoryEncoder(new Dictionary<string, int> { ["a"] = 0 }));
    }

    [Fact]
    public void Stratified_split_keeps_class_shares_and_is_the_same_for_the_same_seed()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i % 10 < 4 ? "만족" : i % 10 < 7 ? "미흡" : i % 10 < 9 ? "추가 상담 필요" : "해결 불가").ToArray();
        var split = StratifiedSplit.Of(labels);
        Assert.Equal(700, split.Train.Count);
        Assert.Equal(150, split.Validation.Count);
        Assert.Equal(150, split.Test.Count);
        Assert.Empty(split.Train.Intersect(split.Test));
        Assert.Empty(split.Train.Intersect(split.Validation));
        Assert.Equal(60, split.Test.Count(i => labels[i] == "만족"));
        Assert.Equal(15, split.Validation.Count(i => labels[i] == "해결 불가"));
        Assert.Equal(split.Test, StratifiedSplit.Of(labels).Test);
        Assert.NotEqual(split.Test, StratifiedSplit.Of(labels, seed: 7).Test);
    }

    [Fact]
    public void Schema_names_every_feature_once_and_says_where_another_schema_differs()
    {
        var schema = FeatureSchema.Current;
        Assert.Equal(schema.Features.Count, schema.Features.Distinct().Count());
        Assert.Contains("overall_sentiment", schema.Features);
        Assert.Contains("counselor_emo_5_star_score", schema.Features);
        Assert.Null(schema.MismatchWith(schema));
        var reordered = schema with { Features = [schema.Features[1], schema.Features[0], .. schema.Features.Skip(2)] };
        Assert.Contains("feature 0 is 'avg_sentence_length', expected 'speech_count'", schema.MismatchWith(reordered));
        Assert.Contains("version", schema.MismatchWith(schema with { Version = "0" }));
    }
}
