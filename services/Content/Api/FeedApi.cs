using System.Globalization;
using System.Xml.Linq;
using FlexPlatform.Content.Data;

namespace FlexPlatform.Content.Api;

/// <summary>RSS 2.0 of the published posts, newest first.</summary>
public static class FeedApi
{
    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/content/feed.xml", GetFeedAsync).WithTags("Posts");
        return app;
    }

    public static async Task<IResult> GetFeedAsync(PostStore store, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var site = (configuration["Content:PublicBaseUrl"] ?? "http://localhost:8080").TrimEnd('/');
        var posts = await store.ListPublishedAsync(50, cancellationToken);
        var rss = new XElement("rss", new XAttribute("version", "2.0"),
            new XElement("channel",
                new XElement("title", "1 Million for Work Flexibility"),
                new XElement("link", site),
                new XElement("description", "News, trends and stories about flexible work."),
                posts.Select(p => new XElement("item",
                    new XElement("title", p.Title),
                    new XElement("link", $"{site}/posts/{p.Slug}"),
                    new XElement("guid", new XAttribute("isPermaLink", "false"), p.Slug),
                    new XElement("description", p.Summary),
                    new XElement("category", p.Kind),
                    p.PublishedAt is { } at ? new XElement("pubDate", at.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture)) : null))));
        return Results.Text(new XDocument(new XDeclaration("1.0", "utf-8", null), rss).Declaration + "\n" + rss, "application/rss+xml; charset=utf-8");
    }
}
