using Counseling.Grains.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Counseling.Silo.Webhooks;

public static class WebhookConfiguration
{
    /// <summary>
    /// The <c>Webhooks</c> section and the Callytics variables, plus the delivery services. Both the silo and
    /// the Api (which checks callback URLs as requests arrive) call it; registering twice changes nothing.
    /// </summary>
    public static IServiceCollection AddCounselingWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Configure(o =>
            {
                o.CallyticsEndpoint ??= configuration["CALLYTICS_API_ENDPOINT"];
                o.CallyticsApiKey ??= configuration["CALLYTICS_API_KEY"];
            });
        return services.AddWebhookDelivery();
    }
}
