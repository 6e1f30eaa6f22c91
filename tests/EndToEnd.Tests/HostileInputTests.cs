using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;
using Xunit.Abstractions;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>
/// Every route of the merged OpenAPI document, through the gateway and straight at its service, fed
/// hostile bodies, query strings and paths: never a 5xx, never a hang, every refusal problem details,
/// and nothing stored.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileInputTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string[] Services = ["pledge", "coalition", "content", "engagement"];

    private static readonly (string Name, Func<HttpContent> Body)[] Bodies =
    [
        ("malformed JSON", () => Json("{\"firstName\": ")),
        ("deeply nested JSON", () => Json(new string('[', 5000) + new string(']', 5000))),
        ("wrong types", () => Json("{\"firstName\": 5, \"email\": [], \"consentToUpdates\": \"yes\", \"token\": {}, \"capacity\": \"many\", \"goal\": true}")),
        ("huge string", () => Json($"{{\"firstName\": \"{new string('a', 200_000)}\", \"title\": \"{new string('b', 10_000)}\"}}")),
        ("huge number", () => Json("{\"goal\": 1e400, \"capacity\": 99999999999999999999999, \"page\": -1}")),
        ("control characters", () => Json("{\"firstName\": \"a\\u0000b\\u001b[31m\", \"body\": \"\\u202e\\u0007\", \"email\": \"x\\u0000@example.org\"}")),
        ("invalid UTF-8", () => new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }),
        ("wrong content type", () => new StringContent("firstName=a&email=b", Encoding.UTF8, "application/x-www-form-urlencoded")),
        ("empty body", () => new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }),
        ("JSON null", () => Json("null")),
    ];

    private static readonly string[] Queries =
    [
        "?page=-1&pageSize=100000", "?page=abc&pageSize=1e9", "?q=" + new string('x', 5000), "?q=%00%ff%fe", "?kind=<script>&country=ZZZ&featured=maybe",
        "?to=" + Uri.EscapeDataString("a@b.c' OR 1=1 --"), "?jurisdiction=../../etc&region=%0d%0aSet-Cookie:x",
    ];

    [Fact]
    public async Task Every_route_refuses_hostile_bodies_and_queries_cleanly_through_the_gateway_and_at_the_service()
    {
        var before = await StoredRowsAsync();
        var routes = await RoutesAsync();
        var failures = new List<string>();
        var tried = 0;
        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.Tokens.Create("admin"));

        foreach (var (service, method, template) in routes)
        {
            var path = template.Replace("{slug}", "no-such-slug", StringComparison.Ordinal).Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{referralCode}", "zzzzzzzz", StringComparison.Ordinal).Replace("{queue}", "no-such-queue", StringComparison.Ordinal);
            path = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "x");
            foreach (var baseAddress in new[] { platform.Gateway.BaseAddress!.ToString().TrimEnd('/'), platform.ServiceUrl(service) })
            {
                if (path.EndsWith("/stream", StringComparison.Ordinal))
                {
                    continue; // a stream answers 200 and stays open by design; its inputs are route values only
                }

                var requests = method == "GET"
                    ? Queries.Select(q => (Name: "query " + q[..Math.Min(q.Length, 20)], Make: (Func<HttpRequestMessage>)(() => new HttpRequestMessage(HttpMethod.Get, baseAddress + path + q))))
                    : Bodies.Select(b => (Name: b.Name, Make: (Func<HttpRequestMessage>)(() => new HttpRequestMessage(new HttpMethod(method), baseAddress + path) { Content = b.Body() })));
                requests = requests.Append(("path trick", () => new HttpRequestMessage(new HttpMethod(method), baseAddress + path + "/..%2f..%2f%2e%2e%2fetc%2fpasswd")));
                foreach (var (name, make) in requests)
                {
                    tried++;
                    var problem = await TryAsync(admin, make(), $"{method} {baseAddress}{path} [{name}]");
                    if (problem is not null)
                    {
                        failures.Add(problem);
                    }
                }
            }
        }

        output.WriteLine($"{tried} hostile requests over {routes.Count} routes, each through the gateway and at its service");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.Equal(before, await StoredRowsAsync());
    }

    [Fact]
    public async Task Huge_and_repeated_headers_are_refused_without_a_server_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/pledges/count");
        request.Headers.TryAddWithoutValidation("X-Huge", new string('h', 64 * 1024));
        using var repeated = new HttpRequestMessage(HttpMethod.Get, "/api/pledges/count");
        for (var i = 0; i < 500; i++)
        {
            repeated.Headers.TryAddWithoutValidation($"X-Repeat-{i}", new string('r', 100));
        }

        var huge = await platform.Gateway.SendAsync(request);
        var many = await platform.Gateway.SendAsync(repeated);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, huge.StatusCode);
        Assert.True((int)many.StatusCode < 500, $"{many.StatusCode}");
    }

    private static async Task<string?> TryAsync(HttpClient client, HttpRequestMessage request, string what)
    {
        try
        {
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return $"{what}: {status}";
            }

            if (status >= 400 && status != 431 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{what}: {status} as {response.Content.Headers.ContentType?.MediaType ?? "no body"}";
            }

            return null;
        }
        catch (TaskCanceledException)
        {
            return $"{what}: no answer within 10 s";
        }
        catch (HttpRequestException ex)
        {
            return $"{what}: {ex.Message}";
        }
        finally
        {
            request.Dispose();
        }
    }

    private async Task<List<(string Service, string Method, string Path)>> RoutesAsync()
    {
        var document = JsonDocument.Parse(await platform.Gateway.GetStringAsync("/openapi/v1.json")).RootElement;
        var routes = new List<(string, string, string)>();
        foreach (var service in Services)
        {
            using var direct = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl(service)) };
            var own = JsonDocument.Parse(await direct.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
            foreach (var path in own.EnumerateObject().Where(p => document.GetProperty("paths").TryGetProperty(p.Name, out _)))
            {
                routes.AddRange(path.Value.EnumerateObject().Select(op => (service, op.Name.ToUpperInvariant(), path.Name)));
            }
        }

        return routes;
    }

    // What hostile requests must never create, in every service's database.
    private async Task<string> StoredRowsAsync()
    {
        var counts = new List<long>
        {
            await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters"),
            await platform.ScalarAsync("coalitiondb", "SELECT count(*) FROM organizations"),
            await platform.ScalarAsync("contentdb", "SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM stories) + (SELECT count(*) FROM comments)"),
        };
        return string.Join(",", counts);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
