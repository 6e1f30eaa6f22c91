using System.Net;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>The gateway's edges: cross-origin callers, per-client caps, and a cache that random query strings cannot get past.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayEdgeTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Theory]
    [InlineData("/api/pledges", "POST")]
    [InlineData("/api/pledges/count", "GET")]
    [InlineData("/api/coalition/applications", "POST")]
    public async Task Cross_origin_preflight_is_answered_for_a_configured_origin_and_not_for_another(string path, string method)
    {
        var allowed = await PreflightAsync(path, method, PlatformFixture.AllowedOrigin);
        var other = await PreflightAsync(path, method, "https://evil.example");

        Assert.True(allowed.IsSuccessStatusCode, $"{allowed.StatusCode}");
        Assert.Equal(PlatformFixture.AllowedOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains(method, allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Simple_cross_origin_read_carries_the_allow_origin_header_only_for_a_configured_origin()
    {
        var allowed = await GetWithOriginAsync("/api/pledges/count", PlatformFixture.AllowedOrigin);
        var other = await GetWithOriginAsync("/api/pledges/count", "https://evil.example");

        Assert.Equal(PlatformFixture.AllowedOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_client_holding_the_maximum_of_open_streams_gets_429_with_retry_after_until_one_closes()
    {
        var open = new List<HttpResponseMessage>();
        // A client address of its own: the cap is per client, and the gateway frees a closed stream's slot only once it
        // sees the disconnect, so sharing 127.0.0.1 with the other stream tests would make each wait on the other.
        using var client = platform.GatewayFrom("127.0.0.4");
        client.Timeout = Timeout.InfiniteTimeSpan;
        try
        {
            for (var i = 0; i < PlatformFixture.StreamsPerClient; i++)
            {
                var stream = await client.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                open.Add(stream);
            }

            using var refused = await client.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);

            open[0].Dispose();
            open.RemoveAt(0);
            using var again = await PlatformFixture.EventuallyAsync(
                () => client.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead), r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task An_invented_query_string_is_served_from_the_cache_while_a_declared_filter_is_not()
    {
        // Two requests a moment apart: the second is a cache hit (it carries Age) unless the key differs.
        var invented = await PlatformFixture.EventuallyAsync(
            () => PairAsync("/api/pledges/count", $"/api/pledges/count?bust={Guid.NewGuid():N}"), hit => hit);
        Assert.True(invented);

        // A filter the route declares is part of the key: another value is a miss, the same value a hit.
        var company = await _gateway.GetAsync("/api/coalition/members?kind=company");
        var nonprofit = await _gateway.GetAsync("/api/coalition/members?kind=nonprofit");
        Assert.Equal(HttpStatusCode.OK, company.StatusCode);
        Assert.Null(nonprofit.Headers.Age);
    }

    private async Task<bool> PairAsync(string first, string second)
    {
        (await _gateway.GetAsync(first)).EnsureSuccessStatusCode();
        var again = await _gateway.GetAsync(second);
        return again.Headers.Age is not null && JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.TryGetProperty("total", out _);
    }

    private Task<HttpResponseMessage> PreflightAsync(string path, string method, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return _gateway.SendAsync(request);
    }

    private Task<HttpResponseMessage> GetWithOriginAsync(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return _gateway.SendAsync(request);
    }
}
