using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Every admin route, called straight at its service as a pod inside the cluster could: the service checks the role itself.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceAuthTests(PlatformFixture platform)
{
    private static readonly string[] Services = ["pledge", "coalition", "content", "engagement"];

    /// <summary>
    /// Every admin route, read from each service's own OpenAPI document, where the bearer requirement comes from
    /// the endpoint's authorization metadata: a new route is checked the day it is added, with nothing to list here.
    /// </summary>
    [Fact]
    public async Task Every_admin_route_called_directly_at_its_service_refuses_no_token_a_forged_token_and_a_non_admin()
    {
        var application = await platform.ApplyAsync("Direct Caller Ltd");
        var routes = new List<(string Service, string Method, string Path, string[] Roles, string? ContentType)>();
        foreach (var service in Services)
        {
            routes.AddRange((await OperationsAsync(service)).Where(o => o.Admin).Select(o => (service, o.Method, Fill(o.Path, o.Parameters, application), o.Roles, o.ContentType)));
        }

        // What the documents must contain at the least, so an empty or broken document cannot pass.
        Assert.Contains(routes, r => r is { Service: "coalition", Method: "POST" } && r.Path.EndsWith("/approve", StringComparison.Ordinal));
        Assert.Contains(routes, r => r is { Service: "pledge", Path: "/admin/mail/dead/1/replay" });
        Assert.Contains(routes, r => r is { Service: "engagement", Path: "/admin/messaging/errors" });
        Assert.True(routes.Count > 40, $"{routes.Count} admin routes");
        // Each staff role's share, as the documents state it (and the gateway enforces it from them).
        Assert.Equal(["admin", "moderator"], routes.Single(r => r is { Service: "content", Method: "GET", Path: "/api/content/moderation" }).Roles);
        Assert.Equal(["admin", "editor"], routes.Single(r => r is { Service: "content", Method: "POST", Path: "/api/content/posts" }).Roles);
        Assert.Equal(["admin", "moderator"], routes.Single(r => r is { Service: "content", Method: "DELETE" } && r.Path.StartsWith("/api/content/moderation/", StringComparison.Ordinal)).Roles);
        Assert.Equal(["admin", "editor"], routes.Single(r => r is { Service: "engagement", Method: "POST" } && r.Path.EndsWith("/close", StringComparison.Ordinal)).Roles);
        Assert.Equal(["admin"], routes.Single(r => r is { Service: "pledge", Method: "POST", Path: "/api/pledges/updates" }).Roles);
        Assert.Equal(["admin", "moderator", "editor"], routes.Single(r => r is { Service: "pledge", Path: "/api/pledges/overview" }).Roles);
        Assert.All(routes, r => Assert.NotEmpty(r.Roles));

        var admin = platform.Tokens.Create("admin");
        var forged = admin[..admin.LastIndexOf('.')] + "." + new string('A', 43);
        var unsigned = admin[..admin.LastIndexOf('.')] + ".";
        var supporter = platform.Tokens.Create("supporter");
        var staffRoles = new[] { "admin", "moderator", "editor" };
        var failures = new List<string>();
        var refusedRoles = 0;
        foreach (var (service, method, path, roles, contentType) in routes)
        {
            using var direct = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl(service)) };
            var refusals = new List<(string? Token, HttpStatusCode Expected)> { (null, HttpStatusCode.Unauthorized), (forged, HttpStatusCode.Unauthorized), (unsigned, HttpStatusCode.Unauthorized), (supporter, HttpStatusCode.Forbidden) };
            // A member of staff whose role the route does not admit, directly and through the gateway.
            refusals.AddRange(staffRoles.Except(roles).Select(role => ((string?)platform.Tokens.Create(role), HttpStatusCode.Forbidden)));
            foreach (var (token, expected) in refusals)
            {
                foreach (var client in path.StartsWith("/api/", StringComparison.Ordinal) ? [direct, platform.Gateway] : new[] { direct })
                {
                    var status = (await SendAsync(client, method, path, token, contentType)).StatusCode;
                    if (status != expected)
                    {
                        failures.Add($"{service} {method} {path} ({(client == direct ? "service" : "gateway")}): {status}, expected {expected}");
                    }
                }
            }

            refusedRoles += staffRoles.Except(roles).Count();
            // Reads are safe to make: every role a read admits gets past the check.
            foreach (var role in method == "GET" ? roles : [])
            {
                var status = (await SendAsync(direct, method, path, platform.Tokens.Create(role), contentType)).StatusCode;
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{service} {method} {path} as {role}: {status}, expected past the check");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(refusedRoles > 40, $"{refusedRoles} role refusals");
        Assert.Equal(0, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE id = '{application}' AND status <> 'pending'"));
    }

    /// <summary>The token the staff console sends for a signed-in member of staff is taken by the gateway and the service; an expired one is not.</summary>
    [Fact]
    public async Task A_console_token_names_its_member_of_staff_and_role_and_dies_within_minutes()
    {
        var application = await platform.ApplyAsync("Console Reviewed Ltd");
        var moderator = platform.Tokens.CreateStaff("mod@example.org", "moderator");
        var expired = platform.Tokens.CreateStaff("mod@example.org", "moderator", TimeSpan.FromMinutes(-2));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(platform.Gateway, "GET", "/api/coalition/applications", moderator)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(platform.Gateway, "POST", "/api/pledges/updates", moderator)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(platform.Gateway, "GET", "/api/coalition/applications", expired)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(platform.Gateway, "POST", $"/api/coalition/applications/{application}/approve", moderator)).StatusCode);
        Assert.Equal(1, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE id = '{application}' AND status = 'approved'"));
    }

    [Fact]
    public async Task Every_operations_route_is_an_admin_route()
    {
        foreach (var service in Services)
        {
            var unprotected = (await OperationsAsync(service)).Where(o => o.Path.StartsWith("/admin", StringComparison.Ordinal) && !o.Admin).ToList();
            Assert.True(unprotected.Count == 0, $"{service}: {string.Join(", ", unprotected.Select(o => $"{o.Method} {o.Path}"))}");
        }
    }

    private async Task<List<(string Method, string Path, bool Admin, string[] Roles, string? ContentType, Dictionary<string, string> Parameters)>> OperationsAsync(string service)
    {
        using var direct = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl(service)) };
        var paths = JsonDocument.Parse(await direct.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        return paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(op => (
                    Method: op.Name.ToUpperInvariant(),
                    Path: path.Name,
                    Admin: op.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    Roles: op.Value.TryGetProperty("security", out var requirements)
                        ? requirements.EnumerateArray().SelectMany(r => r.EnumerateObject().SelectMany(s => s.Value.EnumerateArray().Select(role => role.GetString()!))).ToArray()
                        : [],
                    ContentType: op.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
                        ? content.EnumerateObject().Select(c => c.Name).FirstOrDefault()
                        : null,
                    Parameters: PathParameters(op.Value))))
            .ToList();
    }

    // Each path parameter's kind: "uuid", "integer", or "string".
    private static Dictionary<string, string> PathParameters(JsonElement operation) =>
        !operation.TryGetProperty("parameters", out var parameters) ? [] : parameters.EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "path")
            .ToDictionary(
                p => p.GetProperty("name").GetString()!,
                p => p.TryGetProperty("schema", out var schema) && schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" ? "uuid"
                    : schema.TryGetProperty("type", out var type) && type.ToString().Contains("integer", StringComparison.Ordinal) ? "integer" : "string");

    // Route parameters get values their constraints accept, so each request reaches authorization.
    private static string Fill(string template, Dictionary<string, string> parameters, Guid application) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}]+)\}", m => parameters.GetValueOrDefault(m.Groups[1].Value) switch
        {
            "uuid" => application.ToString(),
            "integer" => "1",
            _ => "some-" + m.Groups[1].Value.ToLowerInvariant(),
        });

    /// <summary>The same routes through the gateway: it refuses them from the services' descriptions before any service is asked.</summary>
    public static TheoryData<string, string> GatewayAdminRoutes() => new()
    {
        { "POST", "/api/coalition/applications/0190a1b2-0000-7000-8000-000000000001/reject" },
        { "POST", "/api/coalition/members/some-member/feature" },
        { "POST", "/api/coalition/members/some-member/unfeature" },
        { "POST", "/api/coalition/members/some-member/remove" },
        { "PUT", "/api/content/posts/flex-works" },
        { "POST", "/api/content/posts/flex-works/unpublish" },
        { "GET", "/api/content/posts/flex-works/draft" },
        { "GET", "/api/content/moderation" },
        { "POST", "/api/content/moderation/0190a1b2-0000-7000-8000-000000000001/approve" },
        { "POST", "/api/content/moderation/0190a1b2-0000-7000-8000-000000000001/reject" },
        { "DELETE", "/api/content/moderation/0190a1b2-0000-7000-8000-000000000001" },
        { "POST", "/api/engagement/petitions/some-petition/close" },
    };

    [Theory]
    [MemberData(nameof(GatewayAdminRoutes))]
    public async Task Admin_route_through_the_gateway_refuses_no_token_and_a_non_admin(string method, string route)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(platform.Gateway, method, route, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(platform.Gateway, method, route, platform.Tokens.Create("supporter"))).StatusCode);
    }

    /// <summary>
    /// The gateway keeps no list of routes: each request's body limit, cache key and admin check come from the
    /// operation it finds in the services' own documents. Every operation they describe is found as itself.
    /// </summary>
    [Fact]
    public async Task The_gateway_finds_every_operation_the_services_describe_with_its_limit_and_admin_mark()
    {
        using var admin = platform.AdminClient();
        var failures = new List<string>();
        var checkedOperations = 0;
        foreach (var service in Services)
        {
            foreach (var operation in (await OperationsAsync(service)).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
            {
                checkedOperations++;
                var path = Fill(operation.Path, operation.Parameters, Guid.NewGuid());
                using var response = await admin.GetAsync($"/admin/operations?method={operation.Method}&path={Uri.EscapeDataString(path)}");
                var found = response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : default;
                if (found.ValueKind != JsonValueKind.Object || found.GetProperty("path").GetString() != operation.Path || found.GetProperty("admin").GetBoolean() != operation.Admin)
                {
                    failures.Add($"{operation.Method} {path} ({operation.Path}): {(int)response.StatusCode} {found}");
                }
            }
        }

        Assert.True(checkedOperations > 60, $"{checkedOperations} operations");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Gateway.GetAsync("/admin/operations")).StatusCode);
    }

    [Fact]
    public async Task Admin_token_passes_through_the_gateway_and_is_accepted_by_the_service()
    {
        var application = await platform.ApplyAsync("Passed Through Co");
        using var admin = platform.AdminClient();

        var approved = await admin.PostAsync($"/api/coalition/applications/{application}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? token, string? contentType = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "POST" or "PUT" ? new StringContent("{}", System.Text.Encoding.UTF8, contentType ?? "application/json") : null,
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }

    /// <summary>Internal gRPC is not open to whoever reaches the port: no credential, or an admin's token, gets 401.</summary>
    [Theory]
    [InlineData("pledge", "/flex.pledge.v1.Supporters/GetCounts")]
    [InlineData("coalition", "/flex.coalition.v1.Members/ResolveCode")]
    public async Task Internal_grpc_refuses_a_call_without_a_service_credential(string service, string method)
    {
        using var client = new HttpClient { BaseAddress = platform.GrpcEndpoint(service) };

        // The same call with a service credential gets through (200, whatever gRPC then answers): the refusals are the credential's.
        Assert.Equal(HttpStatusCode.OK, await CallAsync(client, method, platform.Tokens.CreateService()));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(client, method, token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(client, method, platform.Tokens.Create("admin")));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(client, method, "not-a-token"));
    }

    // An empty request message: one uncompressed gRPC frame of length 0.
    private static async Task<HttpStatusCode> CallAsync(HttpClient client, string method, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = new ByteArrayContent(new byte[5]), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
