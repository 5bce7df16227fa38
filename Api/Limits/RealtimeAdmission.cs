using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Counseling.Api.Limits;

/// <summary>
/// Caps the realtime process-data requests waiting on the cluster. When the silos fall behind, requests would
/// otherwise pile up holding connections until their 30 s wait ends; past the cap (and a short queue) they get
/// 503 with Retry-After at once. Background submissions return at once anyway and are not counted.
/// </summary>
public sealed class RealtimeAdmission(RealtimeAdmission.Gate gate, IOptions<SaturationOptions> options) : IEndpointFilter
{
    /// <summary>The one limiter shared by all requests: endpoint filters themselves are created per request.</summary>
    public sealed class Gate(IOptions<SaturationOptions> options) : IDisposable
    {
        public ConcurrencyLimiter Limiter { get; } = new(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.RealtimeConcurrency),
            QueueLimit = Math.Max(0, options.Value.RealtimeQueue),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        public void Dispose() => Limiter.Dispose();
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!await IsRealtime(http.Request)) return await next(context);

        using var lease = await gate.Limiter.AcquireAsync(1, http.RequestAborted);
        if (!lease.IsAcquired)
        {
            var seconds = Math.Max(1, options.Value.RetryAfterSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster is saturated",
                detail: $"Too many realtime requests are in progress; retry after {seconds} s or submit with processing_mode 'background'.");
        }
        return await next(context);
    }

    /// <summary>
    /// Reads only the top-level processing_mode and rewinds, so the handler parses the body as before. A body
    /// that is not JSON is let through uncounted: the handler refuses it with a 400 without touching the cluster.
    /// </summary>
    private static async Task<bool> IsRealtime(HttpRequest request)
    {
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("processing_mode", out var mode)
                || mode.ValueKind != JsonValueKind.String
                || mode.GetString() != "background";
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
