using System.Net;
using System.Text.RegularExpressions;
using SkiaSharp;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>What a chat app or social site shows for a shared link: Open Graph and X card tags, and the picture.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LinkPreviewTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task Every_public_page_describes_itself_for_previews_and_the_picture_is_a_cacheable_card()
    {
        foreach (var path in new[] { "/", "/join", "/petitions", "/news" })
        {
            var html = await Site.Platform.Gateway.GetStringAsync(path);
            Assert.Equal("summary_large_image", Meta(html, "twitter:card"));
            Assert.False(string.IsNullOrWhiteSpace(Meta(html, "og:title")), path);
            Assert.False(string.IsNullOrWhiteSpace(Meta(html, "og:description")), path);
            Assert.Equal(Site.SiteUrl + path, Meta(html, "og:url"));
            Assert.Equal(Site.SiteUrl + "/preview.png", Meta(html, "og:image"));
        }

        using var picture = await Site.Platform.Gateway.GetAsync("/preview.png");
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal("image/png", picture.Content.Headers.ContentType?.MediaType);
        Assert.InRange(picture.Headers.CacheControl?.MaxAge ?? TimeSpan.MaxValue, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.True(picture.Headers.CacheControl?.Public);
        using var card = SKBitmap.Decode(await picture.Content.ReadAsByteArrayAsync());
        Assert.Equal((1200, 630), (card.Width, card.Height));
    }

    [Fact]
    public async Task A_referral_link_previews_as_itself_and_neither_a_token_nor_a_tracking_id_reaches_a_preview()
    {
        var referral = await Site.Platform.Gateway.GetStringAsync("/join?ref=abcdefgh&fbclid=someones-click-id");
        var mailed = await Site.Platform.Gateway.GetStringAsync("/confirm?token=secret-token-value");

        Assert.Equal(Site.SiteUrl + "/join?ref=abcdefgh", Meta(referral, "og:url"));
        Assert.DoesNotContain("someones-click-id", referral, StringComparison.Ordinal);
        Assert.StartsWith("A friend added their name", Meta(referral, "og:description"), StringComparison.Ordinal);
        Assert.Equal(Site.SiteUrl + "/confirm", Meta(mailed, "og:url"));
        Assert.DoesNotContain("secret-token-value", string.Join(" ", MetaTags().Matches(mailed).Select(m => m.Value)), StringComparison.Ordinal);
    }

    private static string? Meta(string html, string name) =>
        MetaTags().Matches(html).Where(m => m.Groups["name"].Value == name).Select(m => WebUtility.HtmlDecode(m.Groups["content"].Value)).SingleOrDefault();

    [GeneratedRegex("""<meta (?:property|name)="(?<name>[^"]+)" content="(?<content>[^"]*)">""")]
    private static partial Regex MetaTags();
}
