using Counseling.Silo;
using Counseling.Silo.Database;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Counseling.Api;

public static class Extensions
{
    /// <summary>
    /// With no cluster configured the Api co-hosts one embedded silo, so the whole system runs from one
    /// command; with a database it is a plain Orleans client of the cluster that database describes.
    /// </summary>
    public static WebApplicationBuilder AddCounselingCluster(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = DatabaseSettings.ConnectionString(configuration);
        if (connectionString is null)
        {
            builder.UseOrleans(silo => silo.UseEmbeddedInfrastructure().AddCounselingGrains(configuration).AddDashboard());
            ClusterMode = "embedded: this process hosts one silo; state and reminders in memory";
        }
        else
        {
            builder.Services.AddStorageErrorSerialization();
            builder.UseOrleansClient(client => client
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                })
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = configuration["Orleans:ClusterId"] ?? "counseling";
                    o.ServiceId = configuration["Orleans:ServiceId"] ?? "counseling";
                })
                .AddDashboard());
            ClusterMode = "client of the PostgreSQL-registered cluster";
        }
        return builder;
    }

    /// <summary>What <see cref="AddCounselingCluster"/> chose, for the start-up log line.</summary>
    public static string ClusterMode { get; private set; } = "";

    /// <summary>API_PORT (default 8000) unless ASPNETCORE_URLS or --urls says otherwise.</summary>
    public static WebApplicationBuilder UseApiPort(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            var port = int.TryParse(builder.Configuration["API_PORT"], out var p) ? p : 8000;
            builder.WebHost.UseUrls($"http://localhost:{port}");
        }
        // The product brief's request limit; Kestrel answers 413 beyond it.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = CallyticsLimits.MaxRequestBytes);
        return builder;
    }
}
