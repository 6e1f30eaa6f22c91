using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using FlexPlatform.Content.Data;
using FlexPlatform.Content.Domain;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Content.Api;

/// <summary>RSS 2.0 and Atom 1.0 of the published posts, newest first.</summary>
public static class FeedApi
{
    private const int Items = 50;

    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/content/feed.xml", GetRssAsync).WithTags("Posts")
            .WithSummary("Published posts as an RSS 2.0 feed");
        app.MapGet("/api/content/atom.xml", GetAtomAsync).WithTags("Posts")
            .WithSummary("Published posts as an Atom feed");
        return app;
    }

    public static async Task<IResult> GetRssAsync(PostStore store, IOptions<MailOptions> site, CancellationToken cancellationToken) =>
        Write(new Rss20FeedFormatter(await BuildAsync(store, site.Value, cancellationToken), serializeExtensionsAsAtom: false), "application/rss+xml; charset=utf-8");

    public static async Task<IResult> GetAtomAsync(PostStore store, IOptions<MailOptions> site, CancellationToken cancellationToken) =>
        Write(new Atom10FeedFormatter(await BuildAsync(store, site.Value, cancellationToken)), "application/atom+xml; charset=utf-8");

    private static async Task<SyndicationFeed> BuildAsync(PostStore store, MailOptions options, CancellationToken cancellationToken)
    {
        var site = options.PublicBaseUrl.TrimEnd('/');
        var posts = await store.NewestPublishedAsync(Items, cancellationToken);
        var feed = new SyndicationFeed("1 Million for Work Flexibility", "News, trends and stories about flexible work.", new Uri(site))
        {
            Id = $"{site}/api/content/atom.xml",
            LastUpdatedTime = posts.Count > 0 ? posts.Max(p => p.UpdatedAt > p.PublishedAt ? p.UpdatedAt : p.PublishedAt!.Value) : DateTimeOffset.UnixEpoch,
            Items = posts.Select(p => Item(site, p)).ToList(),
        };
        feed.Authors.Add(new SyndicationPerson { Name = "1 Million for Work Flexibility" });
        feed.Links.Add(new SyndicationLink(new Uri($"{site}/api/content/atom.xml")) { RelationshipType = "self", MediaType = "application/atom+xml" });
        return feed;
    }

    private static SyndicationItem Item(string site, Post post)
    {
        // The site serves a post at /news/{slug} (the web client), which is where a reader's click must land.
        var link = new Uri($"{site}/news/{post.Slug}");
        var item = new SyndicationItem(post.Title, SyndicationContent.CreateHtmlContent(post.Html), link, link.ToString(), post.UpdatedAt)
        {
            PublishDate = post.PublishedAt!.Value,
            Summary = new TextSyndicationContent(post.Summary),
        };
        item.Authors.Add(new SyndicationPerson { Name = DisplayNames.Of(post.Author) });
        item.Categories.Add(new SyndicationCategory(post.Kind));
        foreach (var tag in post.Tags)
        {
            item.Categories.Add(new SyndicationCategory(tag));
        }

        return item;
    }

    private static IResult Write(SyndicationFeedFormatter formatter, string contentType)
    {
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = true }))
        {
            formatter.WriteTo(writer);
        }

        // StringBuilder output is declared utf-16; the bytes sent are UTF-8.
        return Results.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), contentType, Encoding.UTF8);
    }
}
