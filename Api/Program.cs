// The REST front arrives with the cluster (see the issues); for now it answers liveness only.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
app.Run();
