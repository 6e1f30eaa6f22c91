using System.Net;
using System.Text.RegularExpressions;
using FlexPlatform.AppHost.Servers;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>
/// A page behind a mailed link carries its token in the form it shows: the gateway must never answer one visitor's
/// link with a page cached for another's (its output cache varies by listed query keys only, and "token" is none).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MailLinkCacheTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task Every_mail_link_page_shows_each_visitor_their_own_token()
    {
        var pages = MailLinkPages();
        Assert.Contains("/report", pages);
        Assert.Contains("/coalition/apply/confirm", pages);

        foreach (var page in pages)
        {
            var first = new string('a', 43);
            var second = new string('b', 43);
            var firstPage = await Site.Platform.Gateway.GetStringAsync($"{page}?token={first}");
            var secondPage = await Site.Platform.Gateway.GetStringAsync($"{page}?token={second}");

            Assert.Contains(first, firstPage, StringComparison.Ordinal);
            Assert.Contains(second, secondPage, StringComparison.Ordinal);
            Assert.DoesNotContain(first, secondPage, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Public pages tell the gateway they are everyone's for a second (so its front cache may answer them); a page
    /// behind a mailed link, the staff console and an error page never do, even asked for plainly.
    /// </summary>
    [Fact]
    public async Task Only_public_pages_say_they_may_be_kept()
    {
        using var plain = new HttpClient { BaseAddress = Site.Platform.Gateway.BaseAddress };
        foreach (var path in new[] { "/", "/coalition", "/news", "/petitions" })
        {
            using var page = await plain.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("public, max-age=1", page.Headers.CacheControl?.ToString());
        }

        foreach (var path in MailLinkPages().Append("/staff/sign-in"))
        {
            using var page = await plain.GetAsync(path);
            Assert.True(page.Headers.CacheControl?.NoStore == true, $"{path}: {page.Headers.CacheControl}");
        }

        using var missing = await plain.GetAsync($"/news/no-such-post-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.NotEqual(true, missing.Headers.CacheControl?.Public);
    }

    /// <summary>The route of every page whose model is a <c>MailLinkPage</c> (directly or through <c>TokenActionPage</c>), from the web client's source.</summary>
    private static List<string> MailLinkPages()
    {
        var pages = Path.Combine(PlatformSettings.FindRepositoryRoot(), "web", "Pages");
        return Directory.EnumerateFiles(pages, "*.cshtml.cs", SearchOption.AllDirectories)
            .Where(model => BaseClass().IsMatch(File.ReadAllText(model)))
            .Select(model => PageRoute().Match(File.ReadAllText(model[..^".cs".Length])).Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@":\s*(MailLinkPage|TokenActionPage<\w+>\(api\))\s*$", RegexOptions.Multiline)]
    private static partial Regex BaseClass();

    [GeneratedRegex(@"^@page ""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex PageRoute();
}
