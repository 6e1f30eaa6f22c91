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
