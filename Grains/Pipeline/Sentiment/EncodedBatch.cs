namespace Counseling.Grains.Pipeline.Sentiment;

/// <summary>
/// Model inputs for a batch, row-major [BatchSize, SequenceLength]; rows shorter than the longest
/// are padded with the [PAD] id and attention mask 0.
/// </summary>
public sealed record EncodedBatch(long[] InputIds, long[] AttentionMask, long[] TokenTypeIds, int BatchSize, int SequenceLength);
