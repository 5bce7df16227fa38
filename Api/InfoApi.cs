using System.Reflection;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;

namespace Counseling.Api;

/// <summary>What this service is: name, version, the active model versions and how it reaches the cluster.</summary>
public static class InfoApi
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapInfoApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/info", async (IClusterClient cluster) => Results.Ok(new
        {
            name = "Counseling API",
            version = typeof(InfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? typeof(InfoApi).Assembly.GetName().Version?.ToString(),
            // A client may place this stateless worker on a silo that just died and is not yet declared dead;
            // the call would then wait out the 30 s response timeout. Answer 503 (the timeout's handler) soon instead.
            model_versions = new { outcome = await cluster.GetGrain<IPredictorGrain>(0).ModelVersion().WaitAsync(AnswerWithin) },
            cluster_mode = Extensions.ClusterMode,
        })).WithTags("System").WithSummary("서비스 정보: 이름, 버전, 모델 버전, 클러스터 모드").RequireAuthorization(SecurityExtensions.ReadPolicy)
            .RequireRateLimiting(Limits.RateLimitExtensions.PerCaller);
        return routes;
    }
}
