using Counseling.Silo;
using Counseling.Silo.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args is ["migrate", ..])
{
    var configuration = Host.CreateApplicationBuilder(args[1..]).Configuration;
    Environment.ExitCode = await MigrateCommand.RunAsync(configuration, Console.Out, Console.Error);
    return;
}

var builder = Host.CreateApplicationBuilder(args);

// The host's own logging exists only once it is built, but the mode and the migrations are decided
// before that; a console logger with the same settings covers the start-up lines.
using var startupLogging = LoggerFactory.Create(logging => logging
    .AddConfiguration(builder.Configuration.GetSection("Logging"))
    .AddSimpleConsole());
var logger = startupLogging.CreateLogger("Counseling.Silo");

await StartupMigration.RunIfEnabledAsync(builder.Configuration, logger);
builder.UseOrleans(silo => silo.UseCounselingInfrastructure(builder.Configuration, logger).AddCounselingGrains(builder.Configuration));
using var host = builder.Build();
await host.RunAsync();
