using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>axe on every main page, at phone and desktop widths: no serious or critical violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture site)
{
    public static TheoryData<string> MainPages() =>
    [
        "/", "/join", "/join/check-your-mail", "/coalition", "/coalition/apply", "/news", "/stories", "/stories/share",
        "/events", "/petitions", "/legislation", "/get-involved", "/leaderboard", "/offline.html", "/confirm?token=x", "/manage?token=x", "/unsubscribe?token=x", "/not-found",
    ];

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task Page_has_no_serious_or_critical_accessibility_violation(string path)
    {
        foreach (var width in new[] { 360, 1280 })
        {
            var page = await site.ReusedPageAsync(width);
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status < 500, $"{path} answered {response.Status}");

            var results = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations], RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });

            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{path} at {width}px: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        }
    }
}
