using Microsoft.OpenApi;

namespace Counseling.Api.Docs;

public static class DocsExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    public static WebApplicationBuilder AddCounselingDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "상담 결과 예측 API (Counseling)",
                    Version = "v1",
                    Description = "콜센터 상담 내용을 받아 상담 결과(만족, 미흡, 해결 불가, 추가 상담 필요)를 예측합니다. "
                                  + "/health 와 /docs 를 제외한 모든 엔드포인트는 X-API-Key 헤더 또는 Bearer 토큰이 필요합니다.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key",
                    Description = "역할(ingest, read, admin)이 부여된 API 키",
                };
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                    Description = "role 클레임에 역할을 담은 JWT",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<KoreanExamples>();
            o.AddOperationTransformer<OperationsExamples>();
            o.AddOperationTransformer<ModelExamples>();
            o.AddOperationTransformer<JobExamples>();
        });
        return builder;
    }

    /// <summary>The OpenAPI document and Swagger UI at /docs, both anonymous so callers can read them before having a key.</summary>
    public static WebApplication MapCounselingDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint(DocumentPath, "Counseling API v1");
            o.DocumentTitle = "상담 결과 예측 API";
        });
        return app;
    }
}
