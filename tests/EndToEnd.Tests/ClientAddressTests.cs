using System.Net;
using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>
/// Who the client is, as the gateway decides it and Content's moderation records it (the hashed client address
/// stored with each story): a forwarded address counts only when a trusted proxy wrote it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ClientAddressTests(PlatformFixture platform)
{
    [Fact]
    public async Task Forwarded_addresses_count_from_a_trusted_proxy_only_and_only_the_entry_it_wrote()
    {
        using var untrusted = platform.GatewayFrom("127.0.0.2");
        using var proxy = platform.GatewayFrom(PlatformFixture.TrustedProxyAddress);

        var forgedA = await ClientHashOfStoryAsync(untrusted, "198.51.100.1");
        var forgedB = await ClientHashOfStoryAsync(untrusted, "198.51.100.2");
        var visitorA = await ClientHashOfStoryAsync(proxy, "198.51.100.1");
        var visitorB = await ClientHashOfStoryAsync(proxy, "198.51.100.2");
        var visitorAWithForgedPrefix = await ClientHashOfStoryAsync(proxy, "203.0.113.66, 198.51.100.1");

        // An untrusted caller is its own address whatever it claims: one bucket, one fingerprint.
        Assert.Equal(forgedA, forgedB);
        Assert.NotEqual(forgedA, visitorA);
        // Behind the trusted proxy each visitor is itself, and what a visitor wrote ahead of the proxy's entry is ignored.
        Assert.NotEqual(visitorA, visitorB);
        Assert.Equal(visitorA, visitorAWithForgedPrefix);
    }

    private async Task<string> ClientHashOfStoryAsync(HttpClient client, string forwardedFor)
    {
        var email = Pledges.NewEmail("client-address");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/content/stories")
        {
            Content = JsonContent.Create(Posts.Story(email, "Where I work from", "My kitchen table, most days.")),
        };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var connection = platform.OpenDatabase("contentdb");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT client_hash FROM stories WHERE email = $1", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = email });
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
