using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Counseling.Api.Tests;

[CollectionDefinition(Name)]
public sealed class UnconfiguredCollection
{
    public const string Name = "api-unconfigured";
}

/// <summary>With no key and no JWT issuer configured, the service must not run open.</summary>
[Collection(UnconfiguredCollection.Name)]
public sealed partial class GeneratedKeyTests
{
    [GeneratedRegex(@"generated full-access key \(X-API-Key\): ([0-9a-f]{64})")]
    private static partial Regex Printed();

    [Fact]
    public async Task A_random_key_is_printed_once_and_is_the_only_way_in()
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        await using var factory = new WebApplicationFactory<Program>();
        HttpClient client;
        try
        {
            client = factory.CreateClient();
        }
        finally
        {
            Console.SetOut(original);
        }
        var matches = Printed().Matches(captured.ToString());
        Assert.Single(matches);
        var key = matches[0].Groups[1].Value;

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/info")).StatusCode);
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/info")).StatusCode);
    }
}
