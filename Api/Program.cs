using Counseling.Api;
using Counseling.Api.Callytics;
using Counseling.Api.Data;
using Counseling.Api.Process;
using Counseling.Silo.Webhooks;
using Counseling.Api.Docs;
using Counseling.Api.Limits;
using Counseling.Api.Operations;
using Counseling.Api.Predictions;
using Counseling.Api.Models;
using Counseling.Api.Security;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.UseApiPort().AddCounselingCluster();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestBodyHandler>();
builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
builder.Services.AddCounselingWebhooks(builder.Configuration);
builder.AddCounselingSecurity().AddCounselingRateLimits().AddCounselingMetrics().AddCounselingDocs();
builder.Services.Configure<SaturationOptions>(builder.Configuration.GetSection(SaturationOptions.Section));
builder.Services.AddSingleton<RealtimeAdmission.Gate>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapCounselingDocs();
app.MapHealthApi();
app.MapInfoApi();
app.MapCallyticsApi();
app.MapPredictionsApi();
app.MapStatsApi();
app.MapLogsApi();
app.MapModelsApi();
app.MapCallyticsBatchApi();
app.MapDataApi();
app.MapProcessApi();
app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(SecurityExtensions.ReadPolicy).RequireRateLimiting(RateLimitExtensions.PerCaller);
// The dashboard shows the whole cluster; only admins see it (a browser reaches it through a proxy that adds the key).
app.MapOrleansDashboard("/dashboard").RequireAuthorization(SecurityExtensions.AdminPolicy);
app.Logger.LogInformation("Cluster: {Mode}", Extensions.ClusterMode);
app.Run();

/// <summary>Visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
