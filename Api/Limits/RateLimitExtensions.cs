using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Counseling.Api.Security;

namespace Counseling.Api.Limits;

public static class RateLimitExtensions
{
    public const string PerCaller = "per-caller";

    /// <summary>
    /// A token bucket per authenticated caller (key name or JWT subject), refilled every second; past it a
    /// 429 problem+json with Retry-After. Anonymous requests are not partitioned here: the only anonymous
    /// endpoints are health and docs, and a refused credential never reaches the limiter.
    /// </summary>
    public static WebApplicationBuilder AddCounselingRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerCaller, context =>
            {
                var user = context.User;
                if (user.Identity?.IsAuthenticated != true) return RateLimitPartition.GetNoLimiter("anonymous");
                var permits = int.TryParse(user.FindFirstValue(ApiKeyAuthenticationHandler.PermitsClaim), CultureInfo.InvariantCulture, out var p)
                    ? p : options.PermitsPerSecond;
                var partition = $"{user.Identity.AuthenticationType}:{user.Identity.Name}";
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permits,
                    TokensPerPeriod = permits,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, cancelled) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This caller's limit of requests per second is used up; retry after {seconds} s.");
            };
        });
        return builder;
    }
}
