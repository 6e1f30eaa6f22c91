using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Content helpers: posts written by an editor, stories and comments verified from the dev mailbox.</summary>
internal static partial class Posts
{
    public static string NewSlug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task<string> CreateDraftAsync(this PlatformFixture platform, string body, string kind = "news", string[]? tags = null, string? title = null)
    {
        var slug = NewSlug("post");
        using var admin = platform.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/content/posts", new
        {
            kind,
            title = title ?? $"Post {slug}",
            summary = "A summary.",
            body,
            tags = tags ?? [],
            slug,
            author = "Sara Smith",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return slug;
    }

    public static async Task<string> PublishNewPostAsync(this PlatformFixture platform, string body, string kind = "news", string[]? tags = null)
    {
        var slug = await platform.CreateDraftAsync(body, kind, tags);
        using var admin = platform.AdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/content/posts/{slug}/publish", null)).StatusCode);
        return slug;
    }

    /// <summary>Slugs of the published posts a query finds, read until <paramref name="until"/> holds (the gateway caches lists for a second).</summary>
    public static Task<List<string>> SearchAsync(this HttpClient gateway, string query, Func<List<string>, bool> until) =>
        PlatformFixture.EventuallyAsync(
            async () => (await gateway.GetFromJsonAsync<JsonElement>($"/api/content/posts?{query}")).EnumerateArray().Select(p => p.GetProperty("slug").GetString()!).ToList(),
            until);

    public static Dictionary<string, object?> Story(string email, string title, string body) => new()
    {
        ["firstName"] = "Sara",
        ["lastName"] = "Smith",
        ["email"] = email,
        ["title"] = title,
        ["body"] = body,
        ["country"] = "US",
        ["region"] = "CO",
        ["consentToPublish"] = true,
    };

    /// <summary>Submits a story and confirms it from the mailed link, as its author would.</summary>
    public static async Task<string> SubmitAndVerifyStoryAsync(this PlatformFixture platform, Dictionary<string, object?> story)
    {
        var submitted = await platform.Gateway.PostAsJsonAsync("/api/content/stories", story);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var token = await platform.MailedTokenAsync((string)story["email"]!, StoryLink());
        var confirmed = await platform.Gateway.PostAsJsonAsync("/api/content/stories/confirm", new { token });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    public static async Task<string> CommentAndVerifyAsync(this PlatformFixture platform, string postSlug, string email, string body)
    {
        var submitted = await platform.Gateway.PostAsJsonAsync($"/api/content/posts/{postSlug}/comments", new { displayName = "Sam", email, body });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var token = await platform.MailedTokenAsync(email, CommentLink());
        var confirmed = await platform.Gateway.PostAsJsonAsync("/api/content/comments/confirm", new { token });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    /// <summary>The moderation queue item with this title (stories) or body (comments), looked for page by page.</summary>
    public static async Task<JsonElement?> QueueItemAsync(this PlatformFixture platform, string text)
    {
        using var admin = platform.AdminClient();
        for (var page = 1; ; page++)
        {
            var queue = await admin.GetFromJsonAsync<JsonElement>($"/api/content/moderation?page={page}&pageSize=100");
            if (queue.GetArrayLength() == 0)
            {
                return null;
            }

            if (queue.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(i =>
                    i!.Value.GetProperty("title").GetString() == text || i.Value.GetProperty("body").GetString() == text) is { } item)
            {
                return item;
            }
        }
    }

    private static async Task<string> MailedTokenAsync(this PlatformFixture platform, string email, Regex link)
    {
        // Mail is queued with the submission and sent just after the answer; the address may have had other mail before.
        var mails = await platform.MailArrivedAsync(email, m => link.IsMatch(m.Body));
        return link.Match(mails.First(m => link.IsMatch(m.Body)).Body).Groups[1].Value;
    }

    [GeneratedRegex(@"/story\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex StoryLink();

    [GeneratedRegex(@"/comment\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex CommentLink();
}
