using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

// The embedded silo takes fixed local ports, so factories must not overlap: collections run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Counseling.Api.Tests;

/// <summary>
/// The real Api with its co-hosted embedded silo, behind ASP.NET's test server: requests go through the
/// whole middleware pipeline, authentication, model binding, problem details and the grains. It accepts the
/// keys and the JWT issuer below; realtime concurrency is 1 so saturation is reachable from a test.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string IngestReadKey = "test-key-callytics-ingest-read";
    public const string ReadKey = "test-key-reader";
    public const string AdminKey = "test-key-admin";
    public const string LimitedKey = "test-key-limited";
    public const string SigningKey = "counseling-tests-signing-key-0123456789abcdef";
    public const string Issuer = "counseling-tests";
    public const string Audience = "counseling-api";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string>
        {
            ["Auth:ApiKeys:0:Name"] = "callytics", ["Auth:ApiKeys:0:Key"] = IngestReadKey,
            ["Auth:ApiKeys:0:Roles:0"] = "ingest", ["Auth:ApiKeys:0:Roles:1"] = "read",
            ["Auth:ApiKeys:1:Name"] = "reader", ["Auth:ApiKeys:1:Key"] = ReadKey, ["Auth:ApiKeys:1:Roles:0"] = "read",
            ["Auth:ApiKeys:2:Name"] = "admin", ["Auth:ApiKeys:2:Key"] = AdminKey, ["Auth:ApiKeys:2:Roles:0"] = "admin",
            ["Auth:ApiKeys:3:Name"] = "limited", ["Auth:ApiKeys:3:Key"] = LimitedKey, ["Auth:ApiKeys:3:Roles:0"] = "read",
            ["Auth:ApiKeys:3:PermitsPerSecond"] = "3",
            ["Auth:Jwt:SigningKey"] = SigningKey, ["Auth:Jwt:Issuer"] = Issuer, ["Auth:Jwt:Audience"] = Audience,
            ["Saturation:RealtimeConcurrency"] = "1", ["Saturation:RealtimeQueue"] = "0",
            // A callback policy as production would have it: https only, public addresses only, listed hosts only.
            ["Webhooks:SigningSecret"] = "api-test-secret",
            ["Webhooks:AllowedHosts:0"] = "hooks.example.com", ["Webhooks:AllowedHosts:1"] = "localhost",
            ["Webhooks:AllowedHosts:2"] = "10.1.2.3", ["Webhooks:AllowedHosts:3"] = "[::1]",
        };
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>A client sending <paramref name="key"/> (the ingest+read key unless told) on every request.</summary>
    public HttpClient CreateClient(string? key)
    {
        var client = CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    public HttpClient CreateBearerClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
