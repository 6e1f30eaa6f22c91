using System.Net;
using System.Text;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;
using Xunit.Abstractions;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>
/// The gateway and each service agree on every route's body limit (the service states it in its
/// OpenAPI document as <c>x-max-body-bytes</c>). A body one byte over is refused by the gateway up
/// front, never proxied to a service that would close the connection mid-upload (a proxy error, not
/// a 413); a body exactly at the limit reaches the service. Straight at the service the same refusal
/// holds: a modest body is read and dropped before the 413, so no reset swallows the answer.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BodyLimitTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const string UpFrontRefusal = "The request body is larger than this route takes (";
    private const long LargestProbed = 1024 * 1024; // the supporter import (1 GiB on both sides) is not probed byte for byte

    [Fact]
    public async Task Every_route_body_limit_is_the_same_at_the_gateway_and_at_its_service()
    {
        using var admin = platform.AdminClient(TimeSpan.FromSeconds(10));
        var failures = new List<string>();
        var probed = 0;
        foreach (var (service, method, path, limit) in await LimitedRoutesAsync())
        {
            probed++;
            foreach (var door in new[] { admin.BaseAddress!.ToString().TrimEnd('/'), platform.ServiceUrl(service) })
            {
                using var over = await admin.SendAsync(Padded(method, door + path, limit + 1));
                var overTitle = await TitleAsync(over);
                if (over.StatusCode != HttpStatusCode.RequestEntityTooLarge || overTitle?.StartsWith(UpFrontRefusal, StringComparison.Ordinal) != true)
                {
                    failures.Add($"{method} {door}{path}: {limit + 1} bytes got {(int)over.StatusCode} \"{overTitle}\", not the up-front 413");
                }

                using var at = await admin.SendAsync(Padded(method, door + path, limit));
                if (at.StatusCode is HttpStatusCode.RequestEntityTooLarge or >= HttpStatusCode.InternalServerError)
                {
                    failures.Add($"{method} {door}{path}: {limit} bytes (the service's limit) got {(int)at.StatusCode} \"{await TitleAsync(at)}\"");
                }
            }
        }

        output.WriteLine($"{probed} routes with a body limit probed at and one byte over it");
        Assert.True(probed > 20, $"only {probed} routes state a body limit");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<List<(string Service, string Method, string Path, long Limit)>> LimitedRoutesAsync()
    {
        var routes = new List<(string, string, string, long)>();
        foreach (var service in new[] { "pledge", "coalition", "content", "engagement" })
        {
            using var direct = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl(service)) };
            var paths = JsonDocument.Parse(await direct.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
            foreach (var path in paths.EnumerateObject())
            {
                foreach (var operation in path.Value.EnumerateObject())
                {
                    if (operation.Value.TryGetProperty("x-max-body-bytes", out var limit) && limit.GetInt64() <= LargestProbed)
                    {
                        var concrete = System.Text.RegularExpressions.Regex.Replace(path.Name, "{[^}]+}", m => m.Value == "{id}" ? Guid.NewGuid().ToString() : "no-such-thing");
                        routes.Add((service, operation.Name.ToUpperInvariant(), concrete, limit.GetInt64()));
                    }
                }
            }
        }

        return routes;
    }

    // An empty JSON object padded with spaces to exactly the given size: invalid for every route, so nothing is stored.
    private static HttpRequestMessage Padded(string method, string path, long bytes) =>
        new(new HttpMethod(method), path)
        {
            Content = new StringContent("{}" + new string(' ', (int)bytes - 2), Encoding.UTF8, "application/json"),
        };

    private static async Task<string?> TitleAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("title", out var title) ? title.GetString() : null
            : null;
}
