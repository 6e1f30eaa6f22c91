using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ContentTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Published_markdown_post_is_listed_rendered_sanitized_and_in_the_feed()
    {
        var slug = $"four-day-week-{Guid.NewGuid():N}"[..30];
        var created = await AdminPostAsync("/api/content/posts", new
        {
            kind = "news",
            title = "The four-day week works",
            summary = "New research on compressed workweeks.",
            body = "# Results\n\nProductivity **rose**. <script>alert(1)</script> [click](javascript:alert(2))",
            tags = new[] { "research", "compressed-workweek" },
            slug,
            author = "Editorial team",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.GetAsync($"/api/content/posts/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await AdminPostAsync($"/api/content/posts/{slug}/publish", null)).StatusCode);

        var post = await _gateway.GetFromJsonAsync<JsonElement>($"/api/content/posts/{slug}");
        var html = post.GetProperty("html").GetString()!;
        Assert.Contains("<strong>rose</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);

        // Lists are output-cached for a second at the gateway: the new post shows once that passes.
        var list = await PlatformFixture.EventuallyAsync(
            () => _gateway.GetFromJsonAsync<JsonElement>("/api/content/posts"), l => l[0].GetProperty("slug").GetString() == slug);
        Assert.Equal(slug, list[0].GetProperty("slug").GetString());

        var feed = XDocument.Parse(await PlatformFixture.EventuallyAsync(
            () => _gateway.GetStringAsync("/api/content/feed.xml"), f => f.Contains("The four-day week works", StringComparison.Ordinal)));
        Assert.Contains(feed.Descendants("item"), item => item.Element("title")?.Value == "The four-day week works");
    }

    private Task<HttpResponseMessage> AdminPostAsync(string path, object? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", platform.Tokens.Create("admin"));
        return _gateway.SendAsync(request);
    }
}
