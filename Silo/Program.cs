using Counseling.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args is ["migrate", ..])
{
    var configuration = Host.CreateApplicationBuilder(args[1..]).Configuration;
    Environment.ExitCode = await Counseling.Silo.Database.MigrateCommand.RunAsync(configuration, Console.Out, Console.Error);
    return;
}

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseEmbeddedInfrastructure().AddCounselingGrains(builder.Configuration));
using var host = builder.Build();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Counseling.Silo")
    .LogInformation("No database configured: embedded mode, localhost clustering, grain state and reminders in memory");
await host.RunAsync();
