using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace FlexPlatform.Web.Tests;

/// <summary>Sharing a story in the browser, from the form to the mailed confirmation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContributionTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task A_supporter_shares_a_story_and_confirms_it_from_the_mail_link()
    {
        var email = $"storyteller.{Guid.NewGuid():N}@example.org";
        var title = $"Four days, more done {Guid.NewGuid():N}"[..40];
        var page = await Site.NewPageAsync(390, 844);
        await page.GotoAsync("/stories/share");

        await page.GetByLabel("First name", new() { Exact = true }).FillAsync("Ines");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Garcia");
        await page.GetByLabel("Email (never shown)").FillAsync(email);
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Your story").FillAsync("Since my team moved to a compressed workweek I pick up my kids every Friday and our output went up.");
        await page.GetByLabel("I agree that my story may be published on this site").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my story" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("We mailed you a link");
        var token = await Site.Platform.LinkTokenForAsync(email, "story");
        await page.GotoAsync($"/story?token={token}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my story" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("with our moderators");
        Assert.Equal(1, await Site.Platform.ScalarAsync("contentdb", $"SELECT count(*) FROM stories WHERE title = '{title}' AND status IN ('in-review', 'spam')"));
    }

    [Fact]
    public async Task A_story_without_consent_is_refused_beside_the_consent_box()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/stories/share");

        await page.GetByLabel("First name", new() { Exact = true }).FillAsync("Ines");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Garcia");
        await page.GetByLabel("Email (never shown)").FillAsync($"noconsent.{Guid.NewGuid():N}@example.org");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("No consent");
        await page.GetByLabel("Your story").FillAsync("A story without consent to publish.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my story" }).ClickAsync();

        await Expect(page.Locator("#consentToPublish-error")).ToBeVisibleAsync();
    }
}
