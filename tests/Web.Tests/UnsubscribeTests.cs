using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlexPlatform.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace FlexPlatform.Web.Tests;

/// <summary>An update's unsubscribe link in a real Chromium, and a mailbox provider's one-click POST beside it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class UnsubscribeTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task The_footer_link_stops_updates_in_one_press_offers_them_back_and_the_next_update_leaves_the_supporter_out()
    {
        var region = "W" + Guid.NewGuid().ToString("N")[..12];
        var email = $"reader.{Guid.NewGuid():N}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Noor", lastName = "Haddad", email, country = "IS", region, consentToUpdates = true, listPublicly = false }))
            .EnsureSuccessStatusCode();
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token = await Site.Platform.ConfirmationTokenForAsync(email) })).EnsureSuccessStatusCode();
        await SendAndWaitAsync("Spring news " + region, region);
        var mail = await Site.Platform.MailAsync(email, "Spring news " + region);
        var link = new Uri(UnsubscribeLink().Match(mail.Body).Value).PathAndQuery;
        var page = await Site.NewPageAsync(390, 844);

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stop the updates" })).ToBeVisibleAsync();
        Assert.True(await ConsentsAsync(email), "Opening the link changes nothing: only its button does.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop the updates" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("no more updates");
        Assert.False(await ConsentsAsync(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me the updates again" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Welcome back");
        Assert.True(await ConsentsAsync(email));

        // The mailbox provider's button: a bare POST to the same link, no cookies, nothing but RFC 8058's form field.
        using var provider = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Site.Platform.Gateway.BaseAddress };
        var clicked = await provider.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        Assert.False(await ConsentsAsync(email));

        var next = await SendAndWaitAsync("Summer news " + region, region);
        Assert.Equal(0, next.GetProperty("total").GetInt64());
        Assert.DoesNotContain(await Site.Platform.MailboxAsync(email), m => m.Subject.StartsWith("Summer news", StringComparison.Ordinal));
    }

    private async Task<bool> ConsentsAsync(string email) =>
        await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}' AND consent_to_updates") == 1;

    private async Task<JsonElement> SendAndWaitAsync(string subject, string region)
    {
        using var admin = Site.Platform.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/pledges/updates", new { subject, body = "What happened.", audience = new { country = "IS", region } });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return await PlatformFixture.EventuallyAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/api/pledges/updates/{id}"), u => u.GetProperty("state").GetString() == "sent", TimeSpan.FromSeconds(30));
    }

    [GeneratedRegex(@"http://\S+/unsubscribe\?token=[0-9a-f]{64}")]
    private static partial Regex UnsubscribeLink();
}
