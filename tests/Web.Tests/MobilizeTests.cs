using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace FlexPlatform.Web.Tests;

/// <summary>Answering an event and signing a petition in the browser, from the form to the mailed link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MobilizeTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task A_person_registers_for_an_event_and_confirms_the_place_from_the_mail_link()
    {
        var slug = await CreateAsync("/api/engagement/events", new
        {
            title = $"Flex meetup {Guid.NewGuid():N}"[..24], summary = "Meet other supporters.", description = "Bring a **friend**.", format = "in-person",
            startsAt = Local(DateTime.UtcNow.Date.AddDays(20).AddHours(18)), endsAt = Local(DateTime.UtcNow.Date.AddDays(20).AddHours(20)),
            timeZone = "America/Denver", venue = new { name = "Library", address = "1 Main St", city = "Boulder", region = "CO", country = "US" }, capacity = 10,
        });
        var email = $"attendee.{Guid.NewGuid():N}@example.org";
        var page = await Site.NewPageAsync(390, 844);
        await page.GotoAsync($"/events/{slug}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add to calendar (.ics)" })).ToHaveAttributeAsync("href", $"/api/engagement/events/{slug}/calendar.ics");

        await page.GetByLabel("First name", new() { Exact = true }).FillAsync("Rae");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Vance");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Check your mail");

        await page.GotoAsync($"/rsvp?token={await Site.Platform.LinkTokenForAsync(email, "rsvp")}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my place" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are registered");
    }

    [Fact]
    public async Task Petition_page_count_moves_live_and_a_person_signs_from_the_form_and_the_mail_link()
    {
        var slug = await CreateAsync("/api/engagement/petitions", new
        {
            title = $"Flexible public jobs {Guid.NewGuid():N}"[..30], summary = "Let public employees work flexibly.", body = "We ask the **legislature**.",
            target = "The State Legislature", goal = 1000, closesAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        var page = await Site.NewPageAsync();
        await page.GotoAsync($"/petitions/{slug}");
        var live = page.Locator("[data-live-count]");
        await Expect(live).ToHaveAttributeAsync("data-value", "0");
        await Expect(live).ToContainTextAsync("0 signatures of 1,000");

        await SignAndConfirmAsync(slug, $"someone.{Guid.NewGuid():N}@example.org");
        await Expect(live.Locator("[data-total]")).ToHaveTextAsync("1");
        await Expect(live).ToContainTextAsync("1 signature of 1,000");

        var email = $"signer.{Guid.NewGuid():N}@example.org";
        await page.GetByLabel("First name", new() { Exact = true }).FillAsync("Lena");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Park");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Check your mail");

        await page.GotoAsync($"/sign?token={await Site.Platform.LinkTokenForAsync(email, "sign")}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign the petition" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 signatures");
    }

    private async Task SignAndConfirmAsync(string slug, string email)
    {
        (await Site.Platform.Gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures",
            new { firstName = "Sam", lastName = "Lee", email, country = "US", region = "CO", listPublicly = false })).EnsureSuccessStatusCode();
        var token = await Site.Platform.LinkTokenForAsync(email, "sign");
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/engagement/signatures/confirm", new { token })).EnsureSuccessStatusCode();
    }

    private async Task<string> CreateAsync(string path, object body)
    {
        using var admin = Site.Platform.AdminClient();
        var created = await admin.PostAsJsonAsync(path, body);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
    }

    private static string Local(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
