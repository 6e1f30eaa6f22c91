using System.Net;
using System.Net.Http.Headers;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Every admin route, called straight at its service as a pod inside the cluster could: the service checks the role itself.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceAuthTests(PlatformFixture platform)
{
    public static TheoryData<string, string, string> AdminRoutes() => new()
    {
        { "pledge", "POST", "/api/pledges/import" },
        { "coalition", "GET", "/api/coalition/applications" },
        { "coalition", "POST", "/api/coalition/applications/{application}/approve" },
        { "coalition", "POST", "/api/coalition/applications/{application}/reject" },
        { "coalition", "POST", "/api/coalition/members/some-member/feature" },
        { "coalition", "POST", "/api/coalition/members/some-member/unfeature" },
        { "coalition", "POST", "/api/coalition/members/some-member/remove" },
        { "content", "POST", "/api/content/posts" },
        { "content", "POST", "/api/content/posts/flex-works/publish" },
        { "content", "PUT", "/api/content/posts/flex-works" },
        { "content", "POST", "/api/content/posts/flex-works/unpublish" },
        { "content", "GET", "/api/content/posts/flex-works/draft" },
        { "content", "GET", "/api/content/moderation" },
        { "content", "POST", "/api/content/moderation/0190a1b2-0000-7000-8000-000000000001/approve" },
        { "content", "POST", "/api/content/moderation/0190a1b2-0000-7000-8000-000000000001/reject" },
        { "pledge", "GET", "/admin/messaging/errors" },
        { "pledge", "POST", "/admin/messaging/errors/pledge-anything/replay" },
        { "coalition", "GET", "/admin/messaging/errors" },
        { "coalition", "POST", "/admin/messaging/errors/coalition-pledge-confirmed/replay" },
        { "content", "GET", "/admin/messaging/errors" },
        { "engagement", "GET", "/admin/messaging/errors" },
        { "engagement", "POST", "/admin/messaging/errors/engagement-pledge-confirmed/replay" },
        { "pledge", "GET", "/admin/mail" },
        { "pledge", "GET", "/admin/mail/dead" },
        { "pledge", "POST", "/admin/mail/dead/replay" },
        { "pledge", "POST", "/admin/mail/dead/1/replay" },
        { "pledge", "DELETE", "/admin/mail/dead/1" },
        { "coalition", "POST", "/admin/mail/dead/replay" },
        { "content", "POST", "/admin/mail/dead/replay" },
        { "engagement", "POST", "/admin/mail/dead/replay" },
    };

    // The import route only matches CSV bodies (anything else is a 415 from routing, before any handler).
    private static string ContentTypeFor(string route) => route.EndsWith("/import", StringComparison.Ordinal) ? "text/csv" : "application/json";

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Admin_route_called_directly_at_the_service_refuses_no_token_a_forged_token_and_a_non_admin(string service, string method, string route)
    {
        var application = await platform.Gateway.ApplyAsync("Direct Caller Ltd");
        using var direct = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl(service)) };
        var path = route.Replace("{application}", application.ToString(), StringComparison.Ordinal);
        var admin = platform.Tokens.Create("admin");
        var forged = admin[..admin.LastIndexOf('.')] + "." + new string('A', 43);
        var unsigned = admin[..admin.LastIndexOf('.')] + ".";

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(direct, method, path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(direct, method, path, forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(direct, method, path, unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(direct, method, path, platform.Tokens.Create("supporter"))).StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE id = '{application}' AND status <> 'pending'"));
    }

    /// <summary>The same routes through the gateway: its own admin policy refuses them before any service is asked.</summary>
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
    };

    [Theory]
    [MemberData(nameof(GatewayAdminRoutes))]
    public async Task Admin_route_through_the_gateway_refuses_no_token_and_a_non_admin(string method, string route)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(platform.Gateway, method, route, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(platform.Gateway, method, route, platform.Tokens.Create("supporter"))).StatusCode);
    }

    [Fact]
    public async Task Admin_token_passes_through_the_gateway_and_is_accepted_by_the_service()
    {
        var application = await platform.Gateway.ApplyAsync("Passed Through Co");
        using var admin = platform.AdminClient();

        var approved = await admin.PostAsync($"/api/coalition/applications/{application}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "POST" or "PUT" ? new StringContent("{}", System.Text.Encoding.UTF8, ContentTypeFor(path)) : null,
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }
}
