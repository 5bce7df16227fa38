using Microsoft.Extensions.Hosting;
if (args is ["migrate", ..])
{
    var configuration = Host.CreateApplicationBuilder(args[1..]).Configuration;
    Environment.ExitCode = await Counseling.Silo.Database.MigrateCommand.RunAsync(configuration, Console.Out, Console.Error);
    return;
}
// The silo host arrives with the cluster (see the issues); until then it only hosts the process.
var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
await host.RunAsync();
