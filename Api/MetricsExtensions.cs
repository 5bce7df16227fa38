using OpenTelemetry.Metrics;

namespace Counseling.Api;

public static class MetricsExtensions
{
    /// <summary>
    /// Request metrics from ASP.NET Core's own meters, Orleans' meter (grain calls, messaging, activations) and
    /// any "Counseling.*" meter the grains define (stage latencies), exported as Prometheus text on /metrics.
    /// </summary>
    public static WebApplicationBuilder AddCounselingMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter("Microsoft.Orleans")
            .AddMeter("Counseling.*")
            .AddPrometheusExporter());
        return builder;
    }
}
