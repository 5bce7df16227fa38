using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Counseling.Api.Docs;

/// <summary>
/// The model endpoints answer anonymous objects and read the retrain body by hand (to name the wrong field),
/// so the document cannot infer their shapes; this adds them with Korean examples.
/// </summary>
internal sealed class ModelExamples : IOpenApiOperationTransformer
{
    private static readonly JsonNode Info = JsonNode.Parse("""
        {
          "active_version": "20261202.071103-42d79cc1",
          "created_at": "2026-12-02T07:11:03Z",
          "activated_at": "2026-12-02T08:00:00Z",
          "algorithm": "LightGBM multiclass (ML.NET), class-balanced",
          "feature_schema_version": "1",
          "feature_names": ["speech_count", "avg_sentence_length", "total_characters", "overall_sentiment", "…"],
          "categorical_features": ["mid_category", "content_category", "rec_place", "sent_label", "customer_sent_label", "counselor_sent_label"],
          "class_labels": ["해결 불가", "만족", "미흡", "추가 상담 필요"],
          "hyper_parameters": { "iterations": 200, "learning_rate": 0.05, "num_leaves": 31, "max_depth": 6, "early_stopping_rounds": 20, "class_weight": "balanced", "seed": 42, "min_data_in_leaf": null },
          "training_size": 4000,
          "training_data": "database: 4000 labelled sessions",
          "validation_split": 0.2,
          "versions": [
            { "version": "20261202.071103-42d79cc1", "created_at": "2026-12-02T07:11:03Z", "activated_at": "2026-12-02T08:00:00Z", "active": true,
              "metrics": { "validation_accuracy": 0.81, "validation_macro_f1": 0.79, "test_accuracy": 0.8, "test_macro_f1": 0.78, "training_rows": 4000 } }
          ]
        }
        """)!;

    private static readonly JsonNode Metrics = JsonNode.Parse("""
        {
          "model_version": "20261202.071103-42d79cc1",
          "active": true,
          "evaluated_on": "validation",
          "validation_split": 0.2,
          "n": 20,
          "accuracy": 0.75,
          "macro_precision": 0.76,
          "macro_recall": 0.74,
          "macro_f1": 0.74,
          "weighted_f1": 0.75,
          "per_class": {
            "해결 불가": { "precision": 0.8, "recall": 0.8, "f1": 0.8, "support": 5 },
            "만족": { "precision": 0.83, "recall": 0.83, "f1": 0.83, "support": 6 },
            "미흡": { "precision": 0.67, "recall": 0.5, "f1": 0.57, "support": 4 },
            "추가 상담 필요": { "precision": 0.67, "recall": 0.8, "f1": 0.73, "support": 5 }
          },
          "labels": ["해결 불가", "만족", "미흡", "추가 상담 필요"],
          "confusion_matrix": [[4, 0, 1, 0], [0, 5, 0, 1], [1, 0, 2, 1], [0, 1, 0, 4]],
          "test": null
        }
        """)!;

    private static readonly JsonNode RetrainRequest = JsonNode.Parse("""
        { "training_data_source": "database", "validation_split": 0.2, "force": false, "hyper_parameters": { "iterations": 300, "learning_rate": 0.05 } }
        """)!;

    private static readonly JsonNode RetrainAccepted = JsonNode.Parse("""
        { "job_id": "retrain_3f2a9c1d7b6e4a10", "status": "queued", "message": "재학습 작업이 접수되었습니다. 상태 조회로 진행 상황을 확인하세요." }
        """)!;

    private static readonly JsonNode RetrainStatus = JsonNode.Parse("""
        {
          "job_id": "retrain_3f2a9c1d7b6e4a10", "status": "completed", "progress": 1.0, "step": "done",
          "training_data_source": "database", "file_path": null, "validation_split": 0.2, "force": false, "training_examples": 480,
          "created_at": "2026-12-02T09:00:00Z", "finished_at": "2026-12-02T09:00:12Z",
          "candidate": { "model_version": "20261202.090011-9b1c2d3e", "n": 96, "accuracy": 0.8, "macro_precision": 0.79, "macro_recall": 0.8, "macro_f1": 0.79 },
          "active": { "model_version": "20261202.071103-42d79cc1", "n": 96, "accuracy": 0.74, "macro_precision": 0.73, "macro_recall": 0.72, "macro_f1": 0.72 },
          "activated": true,
          "decision": "not worse: activated; candidate macro-F1 0.7900 vs active 20261202.071103-42d79cc1 0.7200 (tolerance 0.0000) on the same 96 validation sessions",
          "error": null
        }
        """)!;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        switch (context.Description.RelativePath)
        {
            case "api/v1/models/info":
                operation.Summary = "현재 서비스 중인 모델 정보와 등록된 버전 목록";
                OpenApiExample.Response(operation, "200", "활성 모델 정보", Info);
                break;
            case "api/v1/models/metrics":
                operation.Summary = "모델 검증 성능 (정확도, 정밀도, 재현율, F1, 클래스별 보고서, 혼동 행렬)";
                OpenApiExample.Response(operation, "200", "검증 세트 성능", Metrics);
                break;
            case "api/v1/models/retrain":
                operation.Summary = "모델 재학습 작업 시작 (관리자)";
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "training_data_source 는 database(지금까지 저장된 라벨 있는 세션) 또는 file(서버의 학습 데이터 폴더 아래 JSON 파일). "
                                  + "validation_split 은 0.05–0.5 (기본 0.2). force 가 아니면 새 모델은 같은 검증 세트에서 활성 모델보다 나쁘지 않을 때만 활성화됩니다.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object }, Example = RetrainRequest.DeepClone() },
                    },
                };
                OpenApiExample.Response(operation, "202", "재학습 접수", RetrainAccepted);
                break;
            case "api/v1/models/retrain/{jobId}":
                operation.Summary = "재학습 작업 상태와 후보 모델 대 활성 모델 성능";
                OpenApiExample.Response(operation, "200", "재학습 결과", RetrainStatus);
                break;
        }
        return Task.CompletedTask;
    }
}
