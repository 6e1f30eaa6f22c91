using System.Net;
using System.Net.Http.Json;
using System.Text;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Hostile and broken requests to Content and Coalition get problem details, never a 5xx.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ContentHostileInputTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    // Over each route's own limit (stories and applications 32 KiB, comments 16 KiB) yet small enough to be sent
    // whole before the service answers: larger bodies are cut off mid-upload, which YARP reports as a 502.
    [Theory]
    [InlineData("/api/content/stories", 40_000)]
    [InlineData("/api/content/posts/any-post/comments", 20_000)]
    [InlineData("/api/coalition/applications", 40_000)]
    public async Task Body_over_the_routes_limit_is_a_413_through_the_gateway(string path, int size)
    {
        var huge = "{\"body\":\"" + new string('a', size) + "\"}";

        var response = await _gateway.PostAsync(path, new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Story_body_over_the_services_own_limit_is_a_413_problem_at_the_service()
    {
        var story = Posts.Story(Pledges.NewEmail(), "Long", new string('a', 40_000));

        var response = await platform.AdminClientFor("content").PostAsJsonAsync("/api/content/stories", story);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/content/stories", "{\"firstName\": \"Sara\",")]
    [InlineData("/api/content/stories", "{\"consentToPublish\": \"yes\"}")]
    [InlineData("/api/content/comments/confirm", "[1,2,3]")]
    [InlineData("/api/coalition/applications", "{\"name\": 42}")]
    public async Task Malformed_json_is_a_400_problem(string path, string json)
    {
        var response = await _gateway.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Control_characters_in_a_title_are_a_400_naming_it()
    {
        var response = await _gateway.PostAsJsonAsync("/api/content/stories", Posts.Story(Pledges.NewEmail(), "Bad\u0000title\u202E", "Body."));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("title", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_markdown_in_a_post_is_sanitized()
    {
        var slug = await platform.PublishNewPostAsync(
            "Hi <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> <iframe src=https://evil.example></iframe> <svg><script>alert(4)</script></svg>");

        var html = (await platform.AdminClientFor("content").GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/content/posts/{slug}")).GetProperty("html").GetString()!;

        // What is left of the raw HTML is escaped text (&lt;img …&gt;), never a tag or attribute.
        foreach (var forbidden in new[] { "<script", "<img", "<iframe", "<svg", "href=\"javascript" })
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotMatch("<[^>]*onerror", html);
    }
}
