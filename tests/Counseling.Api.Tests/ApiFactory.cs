using Microsoft.AspNetCore.Mvc.Testing;

namespace Counseling.Api.Tests;

/// <summary>
/// The real Api with its co-hosted embedded silo, behind ASP.NET's test server: requests go through the
/// whole middleware pipeline, model binding, problem details and the grains.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>;

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    // One silo per test run: the embedded silo takes fixed local ports.
    public const string Name = "api";
}
