using Counseling.Grains.Interfaces;

namespace Counseling.Api;

/// <summary>Liveness and readiness: the cluster answers and the models are loaded.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (IClusterClient cluster, CancellationToken cancelled) =>
        {
            try
            {
                var version = await cluster.GetGrain<IPredictorGrain>(0).ModelVersion().WaitAsync(TimeSpan.FromSeconds(5), cancelled);
                return Results.Ok(new { status = "healthy", cluster = "up", models_loaded = true, model_version = version, mode = Extensions.ClusterMode });
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                return Results.Json(new { status = "unhealthy", cluster = "unreachable", models_loaded = false, error = e.Message },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("System");
        return routes;
    }
}
