using Counseling.Api.Operations;
using Counseling.Grains.Interfaces;

namespace Counseling.Api;

/// <summary>
/// Liveness (<c>/health/live</c>: this process answers) and readiness (<c>/health/ready</c>, and <c>/health</c>
/// as before): the cluster answers, and every active silo reaches its database (when it has one) and has the
/// sentiment and outcome models loaded. Not ready is a 503 naming the failing checks. Anonymous, as probes are.
/// </summary>
public static class HealthApi
{
    private static readonly string[] SiloChecks = ["database", "sentiment_model", "outcome_model"];

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Ok(new { status = "alive" })).WithTags("System");
        routes.MapGet("/health/ready", Readiness).WithTags("System");
        routes.MapGet("/health", Readiness).WithTags("System");
        return routes;
    }

    private static async Task<IResult> Readiness(IClusterClient cluster, CancellationToken cancelled)
    {
        var checks = new Dictionary<string, object>();
        var failing = new List<string>();
        string? modelVersion = null;
        IReadOnlyList<SiloAnswer<SiloReadiness>> silos = [];
        try
        {
            silos = await SiloRoster.AskEach(cluster, s => s.Readiness()).WaitAsync(cancelled);
            modelVersion = await cluster.GetGrain<IPredictorGrain>(0).ModelVersion().WaitAsync(SiloRoster.Patience, cancelled);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
        {
            checks["cluster"] = new { status = "fail", detail = $"unreachable ({e.GetType().Name})" };
            failing.Add("cluster");
        }

        if (failing.Count == 0)
        {
            var silent = silos.Where(s => s.Value is null).ToArray();
            var clusterPassed = silos.Count > 0 && silent.Length == 0;
            checks["cluster"] = new
            {
                status = clusterPassed ? "pass" : "fail",
                detail = silos.Count == 0 ? "no active silo" : $"{silos.Count - silent.Length} of {silos.Count} active silos answered",
                silos = silos.Select(s => new { silo = s.Silo, answered = s.Value is not null, error = s.Error }),
            };
            if (!clusterPassed) failing.Add("cluster");
            foreach (var name in SiloChecks)
            {
                var results = silos.Where(s => s.Value is not null)
                    .Select(s => (s.Silo, Check: s.Value!.Checks.FirstOrDefault(c => c.Name == name))).ToArray();
                var passed = results.Length > 0 && results.All(r => r.Check is { Passed: true });
                checks[name] = new
                {
                    status = passed ? "pass" : "fail",
                    silos = results.Select(r => new { silo = r.Silo, passed = r.Check?.Passed ?? false, detail = r.Check?.Detail ?? "not reported" }),
                };
                if (!passed) failing.Add(name);
            }
        }

        var ready = failing.Count == 0;
        return Results.Json(new
        {
            status = ready ? "healthy" : "unhealthy",
            failing,
            checks,
            models_loaded = !failing.Contains("cluster") && !failing.Contains("sentiment_model") && !failing.Contains("outcome_model"),
            model_version = modelVersion,
            mode = Extensions.ClusterMode,
        }, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
