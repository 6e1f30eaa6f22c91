using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class AdminTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Admin_routes_refuse_requests_without_the_admin_role()
    {
        var id = await platform.ApplyAsync("Refused Co");

        var anonymous = await _gateway.PostAsync($"/api/coalition/applications/{id}/approve", null);
        var supporter = await SendAsync(HttpMethod.Post, $"/api/coalition/applications/{id}/approve", platform.Tokens.Create("supporter"));
        var forged = await SendAsync(HttpMethod.Post, $"/api/coalition/applications/{id}/approve", platform.Tokens.Create("admin")[..^4] + "AAAA");
        var queue = await _gateway.GetAsync("/api/coalition/applications");
        var post = await _gateway.PostAsJsonAsync("/api/content/posts", new { kind = "news", title = "t", summary = "s", body = "b", author = "a" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supporter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, queue.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE id = '{id}' AND status <> 'pending'"));
    }

    [Fact]
    public async Task Approved_organization_is_listed_publicly_without_its_contact()
    {
        var id = await platform.ApplyAsync("Flex Friendly Inc.");

        var approved = await SendAsync(HttpMethod.Post, $"/api/coalition/applications/{id}/approve", platform.Tokens.Create("admin"));
        var again = await SendAsync(HttpMethod.Post, $"/api/coalition/applications/{id}/approve", platform.Tokens.Create("admin"));

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(await approved.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var members = await _gateway.GetStringAsync($"/api/coalition/members?q=Flex%20Friendly");
        var member = Assert.Single(JsonDocument.Parse(members).RootElement.EnumerateArray());
        Assert.Equal("flex-friendly-inc", member.GetProperty("slug").GetString());
        Assert.DoesNotContain("hr@flexfriendly.example", members, StringComparison.Ordinal);
        Assert.DoesNotContain("contact", members, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _gateway.SendAsync(request);
    }
}
