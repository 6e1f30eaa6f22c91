using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace FlexPlatform.Web.Tests;

/// <summary>The site in a real Chromium, through the gateway, the way a person uses it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SiteTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task Home_counter_moves_when_someone_else_confirms_without_a_reload()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/");
        var total = page.Locator("[data-live-count] [data-total]");
        var before = long.Parse((await total.InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        // The stream is open once the page's script ran; the first event carries the current total.
        await Expect(page.Locator("[data-live-count]")).ToHaveAttributeAsync("data-value", before.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await ConfirmSomeoneElseAsync();

        await Expect(total).ToHaveTextAsync((before + 1).ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        await Expect(page.Locator("[data-live-count] [data-noun]")).ToHaveTextAsync(before + 1 == 1 ? "supporter" : "supporters");
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task A_person_joins_from_the_form_confirms_from_the_mail_and_gets_a_referral_link()
    {
        var email = $"browser.{Guid.NewGuid():N}@example.org";
        var page = await Site.NewPageAsync(390, 844);
        await page.GotoAsync("/join?ref=&org=");

        await page.GetByLabel("First name", new() { Exact = true }).FillAsync("Maya");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Okafor");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Country", new() { Exact = true }).SelectOptionAsync("US");
        await page.GetByLabel(new Regex("^State or region")).FillAsync("CO");
        await page.GetByLabel("Parent").CheckAsync();
        await page.GetByLabel("Telecommuting").CheckAsync();
        await page.GetByLabel("List me publicly").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add my name" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your mail" })).ToBeVisibleAsync();
        var token = await Site.Platform.ConfirmationTokenForAsync(email);
        await page.GotoAsync($"/confirm?token={token}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my pledge" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, you are counted" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Your personal link")).ToHaveValueAsync(ReferralLink());
        Assert.Equal(1, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}' AND status = 'confirmed'"));
    }

    [Fact]
    public async Task Bad_input_shows_each_problem_beside_its_field_and_stores_nothing()
    {
        var email = $"not-an-email-{Guid.NewGuid():N}";
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/join");

        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Okafor");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add my name" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("check the fields");
        await Expect(page.Locator("#firstName-error")).ToHaveTextAsync("This field is required.");
        await Expect(page.GetByLabel("First name", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Last name", new() { Exact = true })).ToHaveValueAsync("Okafor");
        Assert.Equal(0, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'"));
    }

    [Fact]
    public async Task Opening_the_mailed_link_changes_nothing_until_the_button_is_pressed()
    {
        var email = $"scanner.{Guid.NewGuid():N}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", Pledge(email))).EnsureSuccessStatusCode();
        var page = await Site.NewPageAsync();

        var response = await page.GotoAsync($"/confirm?token={await Site.Platform.ConfirmationTokenForAsync(email)}");

        Assert.Equal("no-store", response!.Headers["cache-control"]);
        Assert.Equal("no-referrer", response.Headers["referrer-policy"]);
        Assert.Equal(1, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}' AND status = 'pending'"));
    }

    [Fact]
    public async Task The_manage_page_shares_the_personal_link_counts_friends_and_stops_updates_in_one_press()
    {
        var email = $"sharer.{Guid.NewGuid():N}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Ana", lastName = "Silva", email, country = "US", consentToUpdates = true, listPublicly = false }))
            .EnsureSuccessStatusCode();
        var confirmed = await ConfirmAsync(email);
        var code = confirmed.GetProperty("referralCode").GetString()!;
        var friend = $"friend.{Guid.NewGuid():N}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Bo", lastName = "Li", email = friend, country = "US", consentToUpdates = false, listPublicly = false, referralCode = code }))
            .EnsureSuccessStatusCode();
        await ConfirmAsync(friend);
        await Testing.PlatformFixture.EventuallyAsync(
            async () => (await Site.Platform.Gateway.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/engagement/referrals/{code}")).GetProperty("confirmedReferrals").GetInt64(),
            n => n == 1);
        var page = await Site.NewPageAsync(390, 844);
        // The browser's own share sheet, recorded instead of shown.
        await page.AddInitScriptAsync("navigator.share = async (data) => { window.shared = data; };");

        await page.GotoAsync($"/manage?token={await Site.Platform.ManageTokenForAsync(email)}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my pledge" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tell your friends" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Your personal link")).ToHaveValueAsync(new Regex($"/join\\?ref={code}$"));
        await Expect(page.Locator($"[data-referral-code='{code}']")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "WhatsApp" })).ToHaveAttributeAsync("href", new Regex($"^https://wa\\.me/\\?text=.*ref%3D{code}$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Share…" }).ClickAsync();
        Assert.EndsWith($"/join?ref={code}", await page.EvaluateAsync<string>("window.shared.url"), StringComparison.Ordinal);

        await Expect(page.Locator("dd", new() { HasText = "Yes" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop the updates" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("no more updates");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send me the updates" })).ToBeVisibleAsync();
        Assert.Equal(1, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}' AND NOT consent_to_updates AND consent_changed_at IS NOT NULL"));
    }

    [Fact]
    public async Task The_leaderboard_names_a_listed_referrer_with_their_friends_and_leaves_out_an_unlisted_one()
    {
        var name = "Lead" + new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(6).ToArray());
        foreach (var (first, listed) in new[] { (name, true), ("Unlisted" + name, false) })
        {
            var email = $"leader.{Guid.NewGuid():N}@example.org";
            (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = first, lastName = "Park", email, country = "US", region = "CO", consentToUpdates = false, listPublicly = listed }))
                .EnsureSuccessStatusCode();
            var code = (await ConfirmAsync(email)).GetProperty("referralCode").GetString();
            var friend = $"friend.{Guid.NewGuid():N}@example.org";
            (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Bo", lastName = "Li", email = friend, country = "US", consentToUpdates = false, listPublicly = false, referralCode = code }))
                .EnsureSuccessStatusCode();
            await ConfirmAsync(friend);
        }

        await Testing.PlatformFixture.EventuallyAsync(() => Site.Platform.Gateway.GetStringAsync("/leaderboard"), html => html.Contains($"{name} P.", StringComparison.Ordinal));
        var page = await Site.NewPageAsync(390, 844);
        await page.GotoAsync("/leaderboard");

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"{name} P." });
        await Expect(row.GetByRole(AriaRole.Cell)).ToHaveTextAsync([new Regex(@"^\d+$"), new Regex($"^{name} P\\.$"), new Regex("^CO, US$"), new Regex("^1$")]);
        await Expect(page.GetByText("Unlisted" + name)).ToHaveCountAsync(0);
    }

    private async Task<System.Text.Json.JsonElement> ConfirmAsync(string email)
    {
        var token = await Site.Platform.ConfirmationTokenForAsync(email);
        var confirmed = await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token });
        confirmed.EnsureSuccessStatusCode();
        return await confirmed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    private async Task ConfirmSomeoneElseAsync()
    {
        var email = $"elsewhere.{Guid.NewGuid():N}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", Pledge(email))).EnsureSuccessStatusCode();
        var token = await Site.Platform.ConfirmationTokenForAsync(email);
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token })).EnsureSuccessStatusCode();
    }

    internal static object Pledge(string email) => new
    {
        firstName = "Sam", lastName = "Rivera", email, country = "US", region = "TX",
        consentToUpdates = false, listPublicly = false,
    };

    [GeneratedRegex(@"^https?://[^/]+/join\?ref=[23456789abcdefghjkmnpqrstuvwxyz]{8}$")]
    private static partial Regex ReferralLink();
}
