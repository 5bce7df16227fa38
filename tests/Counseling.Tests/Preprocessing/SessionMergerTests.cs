using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Tests.Preprocessing;

public sealed class SessionMergerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("preprocess-merge-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // AI-Hub style: one session over three files, one instruction each, sharing source_id; the second
    // file has an empty transcript and an extra field, the third repeats an instruction of the first.
    private void WriteThreeFileSession()
    {
        const string content = "상담사: 안녕하세요 ▲▲▲입니다\\n고객: 복지 서비스 문의요";
        File.WriteAllText(Path.Combine(_root, "40001_1.json"), $$"""
            [{ "source": "민원", "source_id": "40001", "consulting_category": "복지", "client_gender": "여자", "client_age": "40대",
               "consulting_turns": "2", "consulting_length": "30", "consulting_content": "{{content}}",
               "instructions": [{ "tuning_type": "분류", "data": [{ "task_category": "상담 주제", "output": "복지 서비스" }] }] }]
            """);
        File.WriteAllText(Path.Combine(_root, "40001_2.json"), """
            [{ "source": "다른값", "source_id": "40001", "client_region": "서울", "consulting_content": "",
               "instructions": [{ "tuning_type": "분류", "data": [{ "task_category": "상담 내용", "output": "복지 서비스 신청 문의" }] }] }]
            """);
        File.WriteAllText(Path.Combine(_root, "40001_3.json"), $$"""
            [{ "source": "기타", "source_id": "40001", "consulting_content": "{{content}}",
               "instructions": [{ "tuning_type": "분류", "data": [{ "task_category": "상담 결과", "output": "만족" },
                                                              { "task_category": "상담 주제", "output": "복지 서비스" }] }] },
             { "source_id": "40002", "consulting_content": "고객: 다른 통화", "instructions": [] }]
            """);
    }

    [Fact]
    public void Three_AI_Hub_files_sharing_source_id_become_one_session_with_every_instruction_and_the_metadata()
    {
        WriteThreeFileSession();
        var read = SessionRecordReader.ReadDirectory(_root);
        Assert.Empty(read.Problems);
        Assert.Equal(4, read.Records.Count);

        var merged = SessionMerger.Merge(read.Records);

        Assert.Equal(["40001", "40002"], merged.Select(r => r.SessionId));
        var session = merged[0];
        Assert.Equal("상담사: 안녕하세요 ▲▲▲입니다\n고객: 복지 서비스 문의요", session.ConsultingContent);
        Assert.Equal(
            [new Instruction("상담 주제", "복지 서비스"), new Instruction("상담 내용", "복지 서비스 신청 문의"), new Instruction("상담 결과", "만족")],
            session.Instructions);
        Assert.Equal("민원", session.Metadata["source"]); // first value wins
        Assert.Equal("서울", session.Metadata["client_region"]); // later files add what the first lacked
        Assert.Equal("40대", session.Metadata["client_age"]);
        Assert.Equal("30", session.Metadata["consulting_length"]);
        Assert.Equal(8, session.Metadata.Count);
    }

    [Fact]
    public void The_merged_session_preprocesses_with_topic_content_and_outcome()
    {
        WriteThreeFileSession();
        var sessions = new Preprocessor().Preprocess(SessionRecordReader.ReadDirectory(_root).Records);

        var session = sessions[0];
        Assert.Equal("복지 서비스", session.Topic);
        Assert.Equal("복지 서비스 신청 문의", session.ContentCategory);
        Assert.Equal("만족", session.Outcome);
        Assert.Equal([new Utterance(Speaker.Counselor, "안녕하세요 ▲▲▲입니다"), new Utterance(Speaker.Customer, "복지 서비스 문의요")], session.Utterances);
        Assert.Equal("40002", sessions[1].SessionId);
        Assert.Null(sessions[1].Outcome);
    }

    [Fact]
    public void The_same_category_with_a_different_output_is_kept()
    {
        var merged = SessionMerger.Merge(
        [
            new SessionRecord("s", "고객: 네", [new Instruction("상담 결과", "만족")], new Dictionary<string, string>()),
            new SessionRecord("s", "고객: 네", [new Instruction("상담 결과", "미흡")], new Dictionary<string, string>()),
        ]);
        Assert.Equal([new Instruction("상담 결과", "만족"), new Instruction("상담 결과", "미흡")], Assert.Single(merged).Instructions);
    }
}
