using System.Net;
using System.Text.Json.Nodes;
using Counseling.Silo.Database;
using Microsoft.AspNetCore.TestHost;

namespace Counseling.Api.Tests;

[CollectionDefinition(Name)]
public sealed class UnreadyCollection
{
    public const string Name = "api-unready";
}

/// <summary>A silo whose database is configured but down is not ready, and readiness says which check failed.</summary>
[Collection(UnreadyCollection.Name)]
public sealed class UnreadyHealthTests
{
    [Fact]
    public async Task An_unreachable_database_makes_readiness_503_naming_the_database()
    {
        // The real PostgreSQL probe, pointed at a port nothing listens on.
        await using var factory = new ApiFactory().WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddPostgresProbe("Host=127.0.0.1;Port=1;Timeout=2;Maximum Pool Size=1")));
        var anonymous = factory.CreateClient();

        var response = await anonymous.GetAsync("/health/ready");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, body.ToJsonString());
        Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
        Assert.Equal(["database"], body["failing"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("fail", body["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal("pass", body["checks"]!["outcome_model"]!["status"]!.GetValue<string>());
        // Liveness does not depend on the database.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }
}
