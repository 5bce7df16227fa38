using Microsoft.Extensions.Hosting;
// The silo host arrives with the cluster (see the issues); until then it only hosts the process.
var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
await host.RunAsync();
