using Counseling.Grains.Batches;
using Counseling.Grains.Interfaces;

namespace Counseling.Tests.Batches;

public sealed class BatchItemTests
{
    private static SessionSnapshot Answer(SessionStage stage, string? label = null) =>
        new("batch_item_1", 1, stage, label is null ? null : new OutcomeView(label, 0.9, new Dictionary<string, double> { [label] = 0.9 }, "v1"),
            [], stage == SessionStage.Cancelled ? "cancelled" : null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, 1);

    [Fact]
    public void A_start_that_never_reached_the_session_is_followed_again_not_counted_as_missing()
    {
        // What a silo stopping between "started" and the session's first answer leaves behind.
        var item = new BatchItem { SessionId = "batch_item_1", Started = true };

        Assert.False(item.Done);
        Assert.Equal("processing", item.Status);
    }

    [Fact]
    public void A_session_that_answers_with_no_stage_is_not_found_and_done()
    {
        var item = new BatchItem { SessionId = "batch_item_1", Started = true };
        item.Record(Answer(SessionStage.None));

        Assert.True(item.Done);
        Assert.Equal("not_found", item.Status);
    }

    [Fact]
    public void A_late_processing_answer_does_not_overwrite_the_end_already_seen()
    {
        var item = new BatchItem { SessionId = "batch_item_1", Started = true };
        item.Record(Answer(SessionStage.Extracting));
        item.Record(Answer(SessionStage.Cancelled));
        item.Record(Answer(SessionStage.Extracting));

        Assert.True(item.Done);
        Assert.Equal("cancelled", item.Status);
        Assert.Equal("cancelled", item.Error);
    }

    [Fact]
    public void Answers_move_an_unfinished_item_forward_to_its_prediction()
    {
        var item = new BatchItem { SessionId = "batch_item_1", Started = true };
        item.Record(Answer(SessionStage.Received));
        Assert.Equal("processing", item.Status);
        Assert.False(item.Done);

        item.Record(Answer(SessionStage.Completed, "만족"));
        Assert.True(item.Done);
        Assert.Equal("completed", item.Status);
        Assert.Equal("만족", item.Prediction);
        Assert.Equal(0.9, item.Confidence);
    }

    [Fact]
    public void An_item_never_started_is_pending_and_not_done()
    {
        var item = new BatchItem { SessionId = "batch_item_1" };

        Assert.False(item.Done);
        Assert.Equal("pending", item.Status);
    }
}
