using System.Reflection;
using Counseling.Api.Security;
using Counseling.Grains.Interfaces;

namespace Counseling.Api;

/// <summary>What this service is: name, version, the active model versions and how it reaches the cluster.</summary>
public static class InfoApi
{
    public static IEndpointRouteBuilder MapInfoApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/info", async (IClusterClient cluster) => Results.Ok(new
        {
            name = "Counseling API",
            version = typeof(InfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? typeof(InfoApi).Assembly.GetName().Version?.ToString(),
            model_versions = new { outcome = await cluster.GetGrain<IPredictorGrain>(0).ModelVersion() },
            cluster_mode = Extensions.ClusterMode,
        })).WithTags("System").WithSummary("서비스 정보: 이름, 버전, 모델 버전, 클러스터 모드").RequireAuthorization(SecurityExtensions.ReadPolicy)
            .RequireRateLimiting(Limits.RateLimitExtensions.PerCaller);
        return routes;
    }
}
