using Microsoft.Extensions.DependencyInjection;
using Counseling.Silo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseEmbeddedInfrastructure().AddCounselingGrains(builder.Configuration));
using var host = builder.Build();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Counseling.Silo")
    .LogInformation("No database configured: embedded mode, localhost clustering, grain state and reminders in memory");
await host.RunAsync();
