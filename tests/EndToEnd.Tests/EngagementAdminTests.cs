using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class EngagementAdminTests(PlatformFixture platform)
{
    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "POST", "/api/engagement/events" },
        { "PUT", "/api/engagement/events/some-event" },
        { "POST", "/api/engagement/events/some-event/cancel" },
        { "POST", "/api/engagement/petitions" },
        { "GET", "/api/engagement/petitions/some-petition/signatures" },
        { "POST", "/api/engagement/petitions/some-petition/invalidations" },
        { "POST", "/api/engagement/petitions/some-petition/invalidations/preview" },
        { "POST", "/api/engagement/legislation" },
        { "POST", "/api/engagement/legislation/some-bill/actions" },
        { "POST", "/api/engagement/ideas" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Admin_route_refuses_callers_without_the_admin_role_at_the_service_and_at_the_gateway(string method, string path)
    {
        using var service = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl("engagement")) };
        var forged = platform.Tokens.Create("admin")[..^4] + "AAAA";

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(service, method, path, token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(service, method, path, forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(service, method, path, platform.Tokens.Create("supporter"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(platform.Gateway, method, path, token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(platform.Gateway, method, path, forged)).StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }
}
