using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Counseling.Api.Docs;

/// <summary>
/// The Callytics handlers read raw JSON (to name the wrong field in their 400s), so the document cannot infer
/// their bodies; this adds the request body and Korean examples shaped like the product brief's.
/// </summary>
internal sealed class KoreanExamples : IOpenApiOperationTransformer
{
    private static readonly JsonNode ProcessDataRequest = JsonNode.Parse("""
        {
          "session_id": "session_20250101_0001",
          "data": {
            "session_id": "session_20250101_0001",
            "consulting_content": "상담사: 안녕하세요, 고객센터입니다.\n고객: 요금이 이중으로 청구되었어요.\n상담사: 확인 후 환불 처리해 드리겠습니다.\n고객: 감사합니다.",
            "instructions": "상담 결과를 분류해 주세요."
          },
          "processing_mode": "realtime",
          "priority": 3,
          "callback_url": "https://callytics.example.com/api/v1/results",
          "metadata": { "channel": "phone" }
        }
        """)!;

    private static readonly JsonNode ProcessDataResponse = JsonNode.Parse("""
        {
          "session_id": "session_20250101_0001",
          "status": "completed",
          "message": "상담 결과 예측이 완료되었습니다.",
          "prediction_result": {
            "prediction": "만족",
            "confidence": 0.87,
            "session_id": "session_20250101_0001",
            "model_version": "lightgbm-v1",
            "features": { "sentiment_score": 3.8, "speech_count": 4, "category": "요금 문의" }
          },
          "processing_time": 0.042
        }
        """)!;

    private static readonly JsonNode StatusResponse = JsonNode.Parse("""
        { "session_id": "session_20250101_0001", "status": "completed", "prediction": "만족", "confidence": 0.87, "created_at": "2025-01-01T09:00:00Z", "error": null }
        """)!;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        switch (context.Description.RelativePath)
        {
            case "api/v1/callytics/process-data":
                operation.Summary = "상담 데이터 처리 (실시간 또는 백그라운드)";
                OpenApiExample.Request(operation, "Callytics 가 보내는 상담 데이터. consulting_content 는 필수이며 10,000자 이하입니다.", ProcessDataRequest);
                OpenApiExample.Response(operation, "200", "예측 완료", ProcessDataResponse);
                break;
            case "api/v1/callytics/status/{sessionId}":
                operation.Summary = "세션 처리 상태 조회";
                OpenApiExample.Response(operation, "200", "세션 상태", StatusResponse);
                break;
            case "api/v1/callytics/results/{sessionId}":
                operation.Summary = "세션 결과와 파이프라인 단계, 추출된 특성 조회";
                break;
        }
        return Task.CompletedTask;
    }
}
