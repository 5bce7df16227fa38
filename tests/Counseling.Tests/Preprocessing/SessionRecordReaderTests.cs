using Counseling.Grains.Pipeline.Preprocessing;

namespace Counseling.Tests.Preprocessing;

public sealed class SessionRecordReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("preprocess-reader-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Preprocessing", name);

    [Fact]
    public void Nested_instructions_are_read_flat()
    {
        var result = SessionRecordReader.Parse("""
            { "session_id": "session_40001", "consulting_content": "상담사: 안녕하세요",
              "instructions": [ { "tuning_type": "분류",
                  "data": [ { "task_category": "상담 주제", "output": "복지 서비스" },
                            { "task_category": "상담 결과", "output": "만족 " } ] },
                { "tuning_type": "요약", "data": [ { "task_category": "상담 요약", "instruction": "요약하시오", "output": "신청 문의" } ] } ] }
            """);
        Assert.Empty(result.Problems);
        var record = Assert.Single(result.Records);
        Assert.Equal("session_40001", record.SessionId);
        Assert.Equal("상담사: 안녕하세요", record.ConsultingContent);
        Assert.Equal(
            [new Instruction("상담 주제", "복지 서비스"), new Instruction("상담 결과", "만족"), new Instruction("상담 요약", "신청 문의")],
            record.Instructions);
        Assert.Empty(record.Metadata);
    }

    [Fact]
    public void Flat_instructions_are_read_too()
    {
        var result = SessionRecordReader.Parse("""
            {"session_id": "s1", "consulting_content": "고객: 네",
             "instructions": [{"task_category": "상담 주제", "output": "요금"}, {"task_category": "상담 결과", "output": "미흡"}]}
            """);
        Assert.Equal([new Instruction("상담 주제", "요금"), new Instruction("상담 결과", "미흡")], Assert.Single(result.Records).Instructions);
    }

    [Fact]
    public void A_JSON_array_gives_every_record_in_order()
    {
        var result = SessionRecordReader.ReadFile(Fixture("sessions-array.json"));
        Assert.Empty(result.Problems);
        Assert.Equal(["session_90001", "session_90002"], result.Records.Select(r => r.SessionId));
        Assert.Equal(3, result.Records[0].Instructions.Count);
        Assert.Equal(new Instruction("상담 결과", "추가 상담 필요"), result.Records[1].Instructions[1]);
    }

    [Fact]
    public void JSONL_gives_one_record_a_line_and_keeps_scalar_fields_as_metadata()
    {
        var result = SessionRecordReader.ReadFile(Fixture("sessions.jsonl"));
        Assert.Empty(result.Problems);
        Assert.Equal(["session_91001", "session_91002"], result.Records.Select(r => r.SessionId));
        Assert.Empty(result.Records[1].Instructions);
        Assert.Equal("40", result.Records[1].Metadata["client_age"]);
    }

    [Fact]
    public void A_bad_JSONL_line_is_reported_by_line_and_the_others_are_read()
    {
        var result = SessionRecordReader.Parse(
            "{\"session_id\": \"a\", \"consulting_content\": \"고객: 네\"}\n{\"session_id\": \"b\", \"consulting\n{\"session_id\": \"c\", \"consulting_content\": \"고객: 네\"}\n",
            "calls.jsonl");
        Assert.Equal(["a", "c"], result.Records.Select(r => r.SessionId));
        var (file, reason) = Assert.Single(result.Problems);
        Assert.Equal("calls.jsonl", file);
        Assert.StartsWith("line 2: not valid JSON", reason);
    }

    [Fact]
    public void Source_id_is_the_key_when_there_is_no_session_id_and_metadata_keeps_the_AI_Hub_fields()
    {
        var result = SessionRecordReader.Parse("""
            { "source": "민원", "source_id": 40001, "consulting_category": "복지", "client_gender": "여자", "client_age": "40대",
              "consulting_turns": 12, "consulting_length": 845, "is_masked": true, "nested": {"x": 1},
              "consulting_content": "상담사: 네", "instructions": [] }
            """);
        var record = Assert.Single(result.Records);
        Assert.Equal("40001", record.SessionId);
        Assert.Equal(new Dictionary<string, string>
        {
            ["source"] = "민원", ["source_id"] = "40001", ["consulting_category"] = "복지", ["client_gender"] = "여자",
            ["client_age"] = "40대", ["consulting_turns"] = "12", ["consulting_length"] = "845", ["is_masked"] = "true",
        }, record.Metadata);
    }

    [Theory]
    [InlineData("""{"consulting_content": "고객: 네"}""", "record: has neither session_id nor source_id")]
    [InlineData("""{"session_id": "s9"}""", "record (s9): missing consulting_content")]
    [InlineData("""{"session_id": "s9", "consulting_content": 3}""", "record (s9): consulting_content is a JSON number; expected a string")]
    [InlineData("""{"session_id": "s9", "consulting_content": "", "instructions": [{"tuning_type": "분류"}]}""", "record (s9): instructions[0] has neither data nor task_category")]
    [InlineData("""{"session_id": "s9", "consulting_content": "", "instructions": [{"data": [{"task_category": "상담 결과"}]}]}""", "record (s9): instructions[0].data[0] (상담 결과) has no output")]
    [InlineData("""[1]""", "record 1: is a JSON number; expected an object")]
    [InlineData("""  """, "is empty; expected a JSON object, a JSON array of objects, or JSONL")]
    [InlineData("\"text\"", "is a JSON string; expected an object or an array of objects")]
    public void A_record_that_cannot_be_read_is_a_problem_that_says_why(string json, string reason)
    {
        var result = SessionRecordReader.Parse(json, "in.json");
        Assert.Empty(result.Records);
        Assert.Equal([("in.json", reason)], result.Problems);
    }

    [Fact]
    public void A_bad_file_in_a_directory_is_reported_and_skipped_and_the_others_are_read()
    {
        File.WriteAllText(Path.Combine(_root, "a.json"), """[{"session_id": "a", "consulting_content": "고객: 네"}]""");
        File.WriteAllText(Path.Combine(_root, "b.json"), """[{"session_id": "b", "consulting_content": "고객: 네" """);
        File.WriteAllText(Path.Combine(_root, "c.json"), """{"session_id": "c"}""");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        File.WriteAllText(Path.Combine(_root, "sub", "d.json"), """{"session_id": "d", "consulting_content": "상담사: 네"}""");
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "not a record");

        var result = SessionRecordReader.ReadDirectory(_root);

        Assert.Equal(["a", "d"], result.Records.Select(r => r.SessionId));
        Assert.Equal(2, result.Problems.Count);
        Assert.Equal(Path.Combine(_root, "b.json"), result.Problems[0].File);
        Assert.StartsWith("is not valid JSON", result.Problems[0].Reason);
        Assert.Equal((Path.Combine(_root, "c.json"), "record (c): missing consulting_content"), result.Problems[1]);
    }

    [Fact]
    public void A_stream_with_a_UTF8_BOM_is_read()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("""{"session_id": "bom", "consulting_content": "고객: 네"}"""u8.ToArray()).ToArray();
        using var stream = new MemoryStream(bytes);
        Assert.Equal("bom", Assert.Single(SessionRecordReader.Read(stream).Records).SessionId);
    }

    [Fact]
    public void A_missing_file_is_an_error_that_names_it()
    {
        var path = Path.Combine(_root, "absent.json");
        var error = Assert.Throws<PreprocessException>(() => SessionRecordReader.ReadPath(path));
        Assert.Equal($"{path}: file not found", error.Message);
    }
}
