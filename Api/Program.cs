using Counseling.Api;
using Counseling.Api.Callytics;
using Counseling.Silo.Webhooks;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.UseApiPort().AddCounselingCluster();
builder.Services.AddProblemDetails();
builder.Services.AddCounselingWebhooks(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthApi();
app.MapCallyticsApi();
app.MapOrleansDashboard("/dashboard");
app.Logger.LogInformation("Cluster: {Mode}", Extensions.ClusterMode);
app.Run();

/// <summary>Visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
