using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>axe on every main page, at phone and desktop widths: no serious or critical violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture site) : BrowserTest(site)
{
    public static TheoryData<string> MainPages() =>
    [
        "/", "/join", "/join/check-your-mail", "/coalition", "/coalition/apply", "/news", "/stories", "/stories/share",
        "/events", "/petitions", "/legislation", "/get-involved", "/leaderboard", "/offline.html", "/confirm?token=x", "/manage?token=x", "/unsubscribe?token=x", "/not-found",
    ];

    [Fact]
    public async Task The_check_finds_serious_violations_where_there_are_some()
    {
        var page = await Site.NewPageAsync(360);
        await page.GotoAsync("/offline.html");
        await page.EvaluateAsync("""() => { document.body.insertAdjacentHTML("beforeend", '<img src="/icons/icon-192.png"><button></button>'); }""");

        var serious = await AxeChecks.SeriousViolationsAsync(page);

        Assert.Contains(serious, v => v.StartsWith("image-alt (critical)", StringComparison.Ordinal));
        Assert.Contains(serious, v => v.StartsWith("button-name (critical)", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task Page_has_no_serious_or_critical_accessibility_violation(string path)
    {
        foreach (var width in new[] { 360, 1280 })
        {
            var page = await Site.ReusedPageAsync(width);
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status < 500, $"{path} answered {response.Status}");

            var serious = await AxeChecks.SeriousViolationsAsync(page);
            Assert.True(serious.Length == 0, $"{path} at {width}px: " + string.Join("; ", serious));
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        }
    }
}
