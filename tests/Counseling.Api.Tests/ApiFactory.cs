using Microsoft.AspNetCore.Mvc.Testing;

namespace Counseling.Api.Tests;

/// <summary>
/// The real Api with its co-hosted embedded silo, behind ASP.NET's test server: requests go through the
/// whole middleware pipeline, model binding, problem details and the grains.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    // A callback policy as production would have it: https only, public addresses only, listed hosts only.
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) => builder
        .UseSetting("Webhooks:SigningSecret", "api-test-secret")
        .UseSetting("Webhooks:AllowedHosts:0", "hooks.example.com")
        .UseSetting("Webhooks:AllowedHosts:1", "localhost")
        .UseSetting("Webhooks:AllowedHosts:2", "10.1.2.3")
        .UseSetting("Webhooks:AllowedHosts:3", "[::1]");
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    // One silo per test run: the embedded silo takes fixed local ports.
    public const string Name = "api";
}
