using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Counseling.Api.Docs;

/// <summary>
/// Korean summaries and examples for the prediction, statistics, log and health endpoints, in the manner of
/// <see cref="KoreanExamples"/>; kept apart so each group of endpoints documents itself in its own file.
/// </summary>
internal sealed class OperationsExamples : IOpenApiOperationTransformer
{
    private static readonly JsonNode Prediction = JsonNode.Parse("""
        {
          "prediction": "만족", "confidence": 0.87, "session_id": "session_20250101_0001", "model_version": "lightgbm-v1",
          "features": { "sentiment_score": 3.8, "speech_count": 40, "category": "요금 문의" },
          "status": "completed",
          "probabilities": { "만족": 0.87, "미흡": 0.06, "해결 불가": 0.03, "추가 상담 필요": 0.04 },
          "created_at": "2025-01-01T09:00:00Z", "completed_at": "2025-01-01T09:00:00.05Z"
        }
        """)!;

    private static readonly JsonNode BatchRequest = JsonNode.Parse("""
        { "session_ids": ["session_20250101_0001", "session_20250101_0002"] }
        """)!;

    private static readonly JsonNode BatchResponse = JsonNode.Parse($$"""
        { "requested": 2, "found": 1, "not_found": 1,
          "results": [ {{Prediction.ToJsonString()}}, { "session_id": "session_20250101_0002", "status": "not_found" } ] }
        """)!;

    private static readonly JsonNode History = JsonNode.Parse("""
        { "items": [ { "session_id": "session_20250101_0001", "version": 1, "prediction": "만족", "confidence": 0.87,
                       "probabilities": { "만족": 0.87, "미흡": 0.06, "해결 불가": 0.03, "추가 상담 필요": 0.04 },
                       "model_version": "lightgbm-v1", "created_at": "2025-01-01T09:00:00Z", "completed_at": "2025-01-01T09:00:00.05Z" } ],
          "page": 1, "page_size": 20, "total": 1, "has_more": false }
        """)!;

    private static readonly JsonNode Stats = JsonNode.Parse("""
        { "generated_at": "2025-01-01T09:10:00Z",
          "sessions": { "by_status": { "processing": 2, "completed": 120, "failed": 1, "cancelled": 0 },
                        "source": "silos: sessions run since each silo started, summed over the active silos", "since": "2025-01-01T08:00:00Z" },
          "predictions": { "total": 120, "by_label": { "해결 불가": 10, "만족": 70, "미흡": 25, "추가 상담 필요": 15 }, "source": "prediction history" },
          "stage_latencies": { "preprocessing": { "count": 121, "p50_ms": 0.4, "p95_ms": 0.9 },
                               "feature_extraction": { "count": 121, "p50_ms": 12.5, "p95_ms": 30.1 },
                               "dataset_creation": { "count": 120, "p50_ms": 0.2, "p95_ms": 0.5 },
                               "prediction": { "count": 120, "p50_ms": 0.3, "p95_ms": 0.7 } },
          "throughput": { "window_minutes": 10, "window_start": "2025-01-01T09:01:00Z", "completed": 120, "per_minute_average": 12.0,
                          "per_minute": [ { "minute": "2025-01-01T09:09:00Z", "completed": 12 } ] },
          "silos": [ { "address": "S10.0.0.5:11111:123456789", "name": "silo-cpu-1", "host": "silo-cpu-1", "status": "active", "role": "Counseling.Silo",
                       "started_at": "2025-01-01T08:00:00Z", "last_heartbeat": "2025-01-01T09:09:30Z", "running_sessions": 2, "answered": true } ],
          "dead_silos": 0 }
        """)!;

    private static readonly JsonNode Logs = JsonNode.Parse("""
        { "level": "warning", "limit": 100,
          "entries": [ { "timestamp": "2025-01-01T09:05:00Z", "level": "warning", "category": "Counseling.Grains.Sessions.SessionGrain",
                         "event_id": 0, "event_name": null, "message": "Session session_20250101_0003 failed at Extracting (attempt 1 of 3)",
                         "exception": "System.TimeoutException", "silo": "S10.0.0.5:11111:123456789" } ],
          "silos": [ { "silo": "S10.0.0.5:11111:123456789", "answered": true, "error": null } ] }
        """)!;

    private static readonly JsonNode Health = JsonNode.Parse("""
        { "status": "unhealthy", "failing": ["database"],
          "checks": { "cluster": { "status": "pass", "detail": "1 of 1 active silos answered" },
                      "database": { "status": "fail", "silos": [ { "silo": "S10.0.0.5:11111:123456789", "passed": false, "detail": "unreachable (NpgsqlException)" } ] },
                      "sentiment_model": { "status": "pass" }, "outcome_model": { "status": "pass" } },
          "models_loaded": true, "model_version": "lightgbm-v1", "mode": "client of the PostgreSQL-registered cluster" }
        """)!;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        switch (context.Description.RelativePath)
        {
            case "api/v1/predictions/{sessionId}":
                operation.Summary = "세션의 예측 결과 조회 (예측, 신뢰도, 확률 분포, 모델 버전, 특성 요약)";
                OpenApiExample.Response(operation, "200", "예측 결과", Prediction);
                break;
            case "api/v1/predictions/batch":
                operation.Summary = "여러 세션의 예측 결과 일괄 조회 (최대 100개, 없는 세션은 not_found 로 표시)";
                OpenApiExample.Request(operation, "조회할 session_id 목록 (1–100개)", BatchRequest);
                OpenApiExample.Response(operation, "200", "세션별 예측 결과", BatchResponse);
                break;
            case "api/v1/predictions/history":
                operation.Summary = "예측 이력 조회 (기간 from/to: ISO-8601, label: 해결 불가·만족·미흡·추가 상담 필요, page, page_size ≤ 100)";
                OpenApiExample.Response(operation, "200", "예측 이력 한 페이지", History);
                break;
            case "api/v1/stats":
                operation.Summary = "통계: 상태별·레이블별 세션 수, 단계별 지연(p50/p95), 처리량(분당 완료 수, minutes 로 구간 지정), 사일로 목록";
                OpenApiExample.Response(operation, "200", "클러스터 통계", Stats);
                break;
            case "api/v1/logs/{level}":
                operation.Summary = "클러스터의 최근 로그 (level: trace, debug, information, warning, error, critical 이상, limit ≤ 1000). 관리자 전용";
                OpenApiExample.Response(operation, "200", "최근 로그 (최신순)", Logs);
                break;
            case "health":
            case "health/ready":
                operation.Summary = "준비 상태: 클러스터, 데이터베이스, 모델(감성·결과) 로드 여부. 준비되지 않으면 503 과 실패한 검사 이름";
                OpenApiExample.Response(operation, "503", "준비되지 않음", Health);
                break;
            case "health/live":
                operation.Summary = "생존 확인: 프로세스가 응답하면 200";
                break;
        }
        return Task.CompletedTask;
    }
}
