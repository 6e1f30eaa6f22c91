using System.Net;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Posts: full-text search, filters, editing, scheduling and feeds, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PostSearchTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    private static string Word() => "zx" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Posts_are_found_by_a_word_in_their_body_and_not_by_a_word_only_in_a_draft()
    {
        var published = Word();
        var draftOnly = Word();
        var slug = await platform.PublishNewPostAsync($"Teams that try **{published}** schedules keep their people.");
        await platform.CreateDraftAsync($"Unreleased notes about {draftOnly} and {published}.");

        Assert.Equal([slug], await _gateway.SearchAsync($"q={published}", l => l.Count > 0));
        Assert.Empty(await _gateway.SearchAsync($"q={draftOnly}", _ => true));
    }

    [Fact]
    public async Task Search_ranks_a_title_match_first_and_filters_by_kind_tag_and_page()
    {
        var word = Word();
        var inBody = await platform.PublishNewPostAsync($"Somewhere in the body: {word}.", kind: "research", tags: ["four-day-week"]);
        var inTitle = await platform.CreateDraftAsync("Nothing here.", kind: "blog", title: $"All about {word}");
        using (var admin = platform.AdminClient())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/content/posts/{inTitle}/publish", null)).StatusCode);
        }

        Assert.Equal([inTitle, inBody], await _gateway.SearchAsync($"q={word}", l => l.Count == 2));
        Assert.Equal([inBody], await _gateway.SearchAsync($"q={word}&kind=research", l => l.Count == 1));
        Assert.Equal([inBody], await _gateway.SearchAsync($"q={word}&tag=four-day-week", l => l.Count == 1));
        Assert.Equal([inBody], await _gateway.SearchAsync($"q={word}&page=2&pageSize=1", l => l.Count == 1));
    }

    [Theory]
    [InlineData("kind=story", "kind")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("tag=Not%20A%20Tag", "tag")]
    public async Task Bad_post_query_is_a_400_naming_the_field(string query, string field)
    {
        var response = await _gateway.GetAsync($"/api/content/posts?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Scheduled_post_appears_after_its_time_without_anyone_touching_it()
    {
        var word = Word();
        var slug = await platform.CreateDraftAsync($"Scheduled news about {word}.");
        using var admin = platform.AdminClient();

        var scheduled = await admin.PostAsJsonAsync($"/api/content/posts/{slug}/publish", new { publishAt = DateTimeOffset.UtcNow.AddSeconds(3) });

        Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.AdminClientFor("content").GetAsync($"/api/content/posts/{slug}")).StatusCode);
        var found = await PlatformFixture.EventuallyAsync(() => _gateway.GetAsync($"/api/content/posts/{slug}"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal([slug], await _gateway.SearchAsync($"q={word}", l => l.Count > 0));
        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM posts WHERE slug = '{slug}' AND status = 'published'"));
    }

    [Fact]
    public async Task Scheduling_a_post_already_published_is_refused_and_changes_nothing()
    {
        var slug = await platform.PublishNewPostAsync("Out already.");
        using var admin = platform.AdminClient();
        var before = await platform.ScalarAsync("contentdb", $"SELECT extract(epoch FROM published_at)::bigint FROM posts WHERE slug = '{slug}'");

        var scheduled = await admin.PostAsJsonAsync($"/api/content/posts/{slug}/publish", new { publishAt = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.Equal(HttpStatusCode.Conflict, scheduled.StatusCode);
        Assert.Equal("application/problem+json", scheduled.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM posts WHERE slug = '{slug}' AND status = 'published' AND publish_at IS NULL"));
        Assert.Equal(before, await platform.ScalarAsync("contentdb", $"SELECT extract(epoch FROM published_at)::bigint FROM posts WHERE slug = '{slug}'"));
    }

    [Fact]
    public async Task Edited_post_shows_its_new_text_and_an_unpublished_post_is_gone()
    {
        var slug = await platform.PublishNewPostAsync("First version.");
        using var admin = platform.AdminClient();

        var edited = await admin.PutAsJsonAsync($"/api/content/posts/{slug}", new
        {
            kind = "press", title = "Edited title", summary = "New summary.", body = "Second *version*.", tags = new[] { "press-release" }, author = "Sara Smith",
        });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var post = await platform.AdminClientFor("content").GetFromJsonAsync<JsonElement>($"/api/content/posts/{slug}");
        Assert.Equal("Edited title", post.GetProperty("title").GetString());
        Assert.Equal("press", post.GetProperty("kind").GetString());
        Assert.Equal("Sara S.", post.GetProperty("author").GetString());
        Assert.Contains("<em>version</em>", post.GetProperty("html").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/content/posts/{slug}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.AdminClientFor("content").GetAsync($"/api/content/posts/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Rss_and_atom_feeds_parse_as_valid_feeds_with_the_published_post()
    {
        var slug = await platform.PublishNewPostAsync("Feeds carry this post.");

        foreach (var path in new[] { "/api/content/feed.xml", "/api/content/atom.xml" })
        {
            var xml = await PlatformFixture.EventuallyAsync(() => _gateway.GetStringAsync(path), f => f.Contains(slug, StringComparison.Ordinal));
            using var reader = XmlReader.Create(new StringReader(xml));
            var feed = SyndicationFeed.Load(reader);
            var item = Assert.Single(feed.Items, i => i.Links.Any(l => l.Uri.ToString().EndsWith(slug, StringComparison.Ordinal)));
            Assert.Equal($"Post {slug}", item.Title.Text);
            // A reader's click opens the post on the site.
            var page = await _gateway.GetAsync(item.Links.First(l => l.Uri.ToString().EndsWith(slug, StringComparison.Ordinal)).Uri.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"Post {slug}", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.NotEqual(default, item.PublishDate == default ? item.LastUpdatedTime : item.PublishDate);
        }

        var rss = await _gateway.GetAsync("/api/content/feed.xml");
        Assert.Equal("application/rss+xml", rss.Content.Headers.ContentType?.MediaType);
        var atom = await _gateway.GetAsync("/api/content/atom.xml");
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"", await atom.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
