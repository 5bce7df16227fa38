using Microsoft.Extensions.Configuration;
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

var benchmark = args is ["benchmark", ..];
var builder = Host.CreateApplicationBuilder(benchmark ? args[1..] : args);

// The host's own logging exists only once it is built, but the mode and the migrations are decided
// before that; a console logger with the same settings covers the start-up lines.
using var startupLogging = LoggerFactory.Create(logging => logging
    .AddConfiguration(builder.Configuration.GetSection("Logging"))
    .AddSimpleConsole());
var logger = startupLogging.CreateLogger("Counseling.Silo");

await StartupMigration.RunIfEnabledAsync(builder.Configuration, logger);
builder.UseOrleans(silo => silo.UseCounselingInfrastructure(builder.Configuration, logger).AddCounselingGrains(builder.Configuration));
using var host = builder.Build();
if (benchmark)
{
    Environment.ExitCode = await Counseling.Silo.Benchmark.ClusterBenchmark.RunAsync(host,
        builder.Configuration.GetValue("sessions", 2000), builder.Configuration.GetValue("turns", 40),
        builder.Configuration.GetValue("warmup", 3000), Console.Out);
    return;
}
await host.RunAsync();
