using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Counseling.Api.Docs;

/// <summary>
/// Request bodies and Korean examples for the batch, data and processing endpoints, whose handlers read raw
/// JSON (to name the wrong field, by index inside lists) so the document cannot infer them.
/// </summary>
internal sealed class JobExamples : IOpenApiOperationTransformer
{
    private const string Dialogue = "상담사: 안녕하세요, 광진구청입니다.\n고객: 복지 서비스 신청은 어떻게 하나요?\n상담사: 온라인이나 주민센터에서 신청하실 수 있습니다.\n고객: 감사합니다.";

    private static readonly JsonNode Record = new JsonObject
    {
        ["session_id"] = "session_40001",
        ["consulting_content"] = Dialogue,
        ["instructions"] = new JsonArray(new JsonObject
        {
            ["tuning_type"] = "분류",
            ["data"] = new JsonArray(
                new JsonObject { ["task_category"] = "상담 주제", ["output"] = "복지 서비스" },
                new JsonObject { ["task_category"] = "상담 내용", ["output"] = "복지 서비스 신청 문의" }),
        }),
    };

    private static readonly JsonNode BatchRequest = JsonNode.Parse($$"""
        {
          "batch_id": "batch_20250101_am",
          "max_concurrent": 5,
          "requests": [
            { "session_id": "session_40001", "data": {{Record.ToJsonString()}}, "priority": 3 },
            { "session_id": "session_40002", "data": { "consulting_content": "상담사: 네, 카드사입니다.\n고객: 분실 신고하려고요." }, "callback_url": "https://callytics.example.com/api/v1/results" }
          ]
        }
        """)!;

    private static readonly JsonNode BatchAccepted = JsonNode.Parse("""
        { "batch_id": "batch_20250101_am", "session_ids": ["session_40001", "session_40002"], "status": "processing", "total": 2, "max_concurrent": 5, "message": "배치 처리가 시작되었습니다." }
        """)!;

    private static readonly JsonNode Progress = JsonNode.Parse("""
        {
          "status": "processing", "total": 2,
          "counts": { "pending": 0, "processing": 1, "completed": 1, "failed": 0, "cancelled": 0, "not_found": 0 },
          "percent": 50.0, "max_concurrent": 5, "peak_in_flight": 2,
          "created_at": "2025-01-01T09:00:00Z", "finished_at": null,
          "sessions": [
            { "session_id": "session_40001", "status": "completed", "prediction": "만족", "confidence": 0.87, "error": null },
            { "session_id": "session_40002", "status": "processing", "prediction": null, "confidence": null, "error": null }
          ]
        }
        """)!;

    private static readonly JsonNode BatchUpload = new JsonObject { ["records"] = new JsonArray(Record.DeepClone(), JsonNode.Parse("""
        { "source_id": 40002, "source": "AI-Hub", "consulting_category": "카드", "consulting_content": "상담사: 네, 카드사입니다.\n고객: 분실 신고하려고요.",
          "instructions": [ { "tuning_type": "분류", "data": [ { "task_category": "상담 주제", "output": "분실 신고" } ] } ] }
        """)) };

    private static readonly JsonNode Uploaded = JsonNode.Parse("""
        { "session_id": "session_40001", "status": "uploaded", "version": 1, "outcome": "stored", "message": "상담 데이터가 저장되었습니다. 처리 시작으로 분석을 실행하세요." }
        """)!;

    private static readonly JsonNode Stored = JsonNode.Parse($$"""
        { "session_id": "session_40001", "status": "completed", "version": 1, "created_at": "2025-01-01T09:00:00Z", "updated_at": "2025-01-01T09:00:01Z",
          "priority": 3, "callback_url": null, "prediction": "만족", "confidence": 0.87, "error": null,
          "record": { "session_id": "session_40001", "consulting_content": {{JsonValue.Create(Dialogue).ToJsonString()}},
                      "instructions": [ { "task_category": "상담 주제", "output": "복지 서비스" }, { "task_category": "상담 내용", "output": "복지 서비스 신청 문의" } ] } }
        """)!;

    private static readonly JsonNode StartRequest = JsonNode.Parse("""{ "session_ids": ["session_40001", "session_40002"], "max_concurrent": 5 }""")!;

    private static readonly JsonNode Started = JsonNode.Parse("""
        { "task_id": "task_3f2a9c1e7b4d5a60", "status": "running", "total": 2, "max_concurrent": 5, "session_ids": ["session_40001", "session_40002"], "message": "처리 작업이 시작되었습니다." }
        """)!;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        switch (context.Description.RelativePath)
        {
            case "api/v1/callytics/batch-process":
                operation.Summary = "여러 상담 데이터를 배치로 처리 (동시 처리 수 제한)";
                OpenApiExample.Request(operation, "process-data 본문의 목록. max_concurrent 는 1–20, 같은 batch_id 로 다시 보내면 기존 배치를 돌려줍니다.", BatchRequest);
                OpenApiExample.Response(operation, "202", "배치 접수", BatchAccepted);
                break;
            case "api/v1/callytics/batch-process/{batchId}":
                operation.Summary = "배치 진행 상황 조회 (상태별 건수, 진행률, 세션별 상태)";
                OpenApiExample.Response(operation, "200", "배치 진행 상황", With(Progress, "batch_id", "batch_20250101_am"));
                break;
            case "api/v1/data/upload":
                operation.Summary = "상담 데이터 한 건 저장 (처리는 시작하지 않음)";
                OpenApiExample.Request(operation, "입력 레코드(process-data 의 data 객체) 또는 process-data 본문 전체", Record);
                OpenApiExample.Response(operation, "201", "저장됨", Uploaded);
                break;
            case "api/v1/data/batch-upload":
                operation.Summary = "상담 데이터 여러 건 저장 (AI-Hub 형식의 분할 파일은 source_id 로 병합)";
                OpenApiExample.Request(operation, "{\"records\": [...]} 또는 레코드 배열. 배열 안의 배열은 AI-Hub 파일 하나로 읽습니다.", BatchUpload);
                break;
            case "api/v1/data/{sessionId}":
                operation.Summary = context.Description.HttpMethod == "DELETE"
                    ? "세션 삭제 (상태, 예측 이력, 웹훅 전송 기록, 저장된 상담 내용 모두 삭제; admin)"
                    : "저장된 상담 데이터와 처리 상태 조회";
                if (context.Description.HttpMethod == "GET") OpenApiExample.Response(operation, "200", "저장된 레코드", Stored);
                break;
            case "api/v1/process/start":
                operation.Summary = "업로드된 세션 처리 시작 (session_ids 가 없으면 처리 대기 중인 모든 세션)";
                OpenApiExample.Request(operation, "session_ids 는 선택, max_concurrent 는 1–20 (기본 5)", StartRequest, required: false);
                OpenApiExample.Response(operation, "202", "작업 시작", Started);
                break;
            case "api/v1/process/status/{taskId}":
                operation.Summary = "처리 작업 상태 조회 (running, completed, cancelled)";
                OpenApiExample.Response(operation, "200", "작업 상태", With(With(Progress, "task_id", "task_3f2a9c1e7b4d5a60"), "state", "running"));
                break;
            case "api/v1/process/cancel/{taskId}":
                operation.Summary = "처리 작업 취소 (남은 세션은 시작하지 않고 진행 중인 세션은 취소)";
                break;
        }
        return Task.CompletedTask;
    }

    private static JsonNode With(JsonNode example, string field, string value)
    {
        var copy = example.DeepClone().AsObject();
        copy[field] = value;
        if (field == "state") copy["status"] = value;
        return copy;
    }
}
