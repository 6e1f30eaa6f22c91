using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlexPlatform.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace FlexPlatform.Web.Tests;

/// <summary>The staff console in a real Chromium: sign-in by mailed link, the moderation queue, staff and their roles.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class StaffConsoleTests(BrowserFixture site) : BrowserTest(site)
{
    // Local development's first admin, out of the box (web/appsettings.Development.json).
    private const string FirstAdmin = "admin@example.org";

    // The first admin's signed-in session, shared by the tests of this platform (one per test run).
    private static readonly SemaphoreSlim AdminSession = new(1, 1);
    private static string? _adminSession;

    [Fact]
    public async Task A_member_of_staff_signs_in_from_the_mailed_link_and_moderates_stories_from_the_keyboard()
    {
        var title = $"Dinner at six {Guid.NewGuid():N}"[..26];
        var story = await SubmitStoryAsync(title);
        var unwanted = await SubmitStoryAsync($"Not for the site {Guid.NewGuid():N}"[..30]);

        var (page, link) = await SignInAsync(FirstAdmin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Moderation" }).ClickAsync();
        var card = await QueuePageWithAsync(page, $"#item-{story}");
        await Expect(card).ToContainTextAsync(title);
        Assert.Equal(0, await PublicStoriesWithAsync(title));

        // Oldest first, so the second story is next (unless a page ends between them): j and k move between items,
        // a approves the one in focus.
        var next = await card.EvaluateAsync<string>("item => (item.nextElementSibling ?? item).id");
        await card.FocusAsync();
        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator($"#{next}")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("k");
        await Expect(card).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("a");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved");
        await Expect(page.Locator($"#item-{story}")).ToHaveCountAsync(0);
        await PlatformFixture.EventuallyAsync(() => PublicStoriesWithAsync(title), n => n == 1);
        var phone = await Site.NewPageAsync(390, 844);
        await PlatformFixture.EventuallyAsync(async () => await (await phone.GotoAsync("/stories"))!.TextAsync(), html => html.Contains(title, StringComparison.Ordinal));

        // d deletes, after the browser asks: the row is gone, not hidden.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await (await QueuePageWithAsync(page, $"#item-{unwanted}")).FocusAsync();
        await page.Keyboard.PressAsync("d");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deleted");
        await Expect(page.Locator($"#item-{unwanted}")).ToHaveCountAsync(0);
        Assert.Equal(0, await Site.Platform.ScalarAsync("contentdb", $"SELECT count(*) FROM stories WHERE id = '{unwanted}'"));
        Assert.Equal(1, await Site.Platform.ScalarAsync("contentdb", $"SELECT count(*) FROM staff_audit WHERE staff = '{FirstAdmin}' AND route = 'DELETE /api/content/moderation/{{id:guid}}' AND target = 'id={unwanted}' AND status = 200"));

        // The link worked once: opened again, it signs no one in.
        var again = await Site.NewPageAsync();
        await again.GotoAsync(link);
        await again.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("expired or was used");
        await again.GotoAsync("/staff");
        await Expect(again).ToHaveURLAsync(SignInPage());
    }

    [Fact]
    public async Task A_member_of_staff_signs_in_with_the_organizations_identity_provider_and_an_account_off_the_staff_list_is_turned_away()
    {
        var editor = await InviteAsync("editor");
        // The provider spells the address its own way; the staff list decides who is staff, and as what.
        Site.IdentityProvider.NextAccount = (editor.ToUpperInvariant(), true);
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/staff");
        await Expect(page).ToHaveURLAsync(SignInPage());
        await page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {BrowserFixture.IdentityProviderName}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".staff-session")).ToContainTextAsync($"{editor} (editor)");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Posts" })).ToBeVisibleAsync();
        Assert.Equal(1, await Site.Platform.ScalarAsync("staffdb",
            $"SELECT count(*) FROM staff_audit WHERE staff = '{editor}' AND role = 'editor' AND action = 'Sign in to the staff console with {BrowserFixture.IdentityProviderName}'"));

        // An account the provider proved but the staff list does not hold, and a staff address the provider says is
        // unverified or says nothing of, are told so and get no session.
        var refused = new List<(string Email, bool? Verified, string Told)>
        {
            ($"stranger.{Guid.NewGuid():N}@example.org", true, "is not on the staff list"),
            (editor, false, "did not confirm that the account's address is verified"),
            (editor, null, "did not confirm that the account's address is verified"),
        };
        foreach (var (email, verified, told) in refused)
        {
            Site.IdentityProvider.NextAccount = (email, verified);
            var other = await Site.NewPageAsync();
            await other.GotoAsync("/staff/sign-in");
            await other.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {BrowserFixture.IdentityProviderName}" }).ClickAsync();
            await Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync(told);
            await other.GotoAsync("/staff");
            await Expect(other).ToHaveURLAsync(SignInPage());
        }
    }

    [Fact]
    public async Task A_moderator_sees_the_member_page_an_application_will_have_approves_it_and_rejects_another_from_the_keyboard()
    {
        var name = $"Preview Works {Guid.NewGuid():N}"[..24];
        var statement = $"Every role here can be done from anywhere ({Guid.NewGuid():N}).";
        var accepted = await ApplyAsync(name, statement, $"hr.{Guid.NewGuid():N}@example.org");
        var contact = $"contact.{Guid.NewGuid():N}@example.org";
        var refused = await ApplyAsync($"Office Only {Guid.NewGuid():N}"[..22], "We like our offices.", contact);

        var page = await AdminAsync();
        await page.GotoAsync("/staff/moderation#applications");
        var preview = page.Locator($"#application-{accepted}").GetByRole(AriaRole.Group, new() { Name = $"How the member page of {name} will look" });
        await Expect(preview).ToContainTextAsync(statement);
        var previewed = (await preview.InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved");

        // The member page, once public, says what the preview said, line for line.
        var members = await PlatformFixture.EventuallyAsync(
            () => Site.Platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/coalition/members?q={Uri.EscapeDataString(name)}"), m => m.GetArrayLength() == 1);
        var slug = members[0].GetProperty("slug").GetString();
        var member = await Site.NewPageAsync(390, 844);
        await member.GotoAsync($"/coalition/{slug}");
        var published = await member.Locator("main").InnerTextAsync();
        Assert.Equal(4, previewed.Length);
        Assert.All(previewed, line => Assert.Contains(line, published, StringComparison.Ordinal));

        // h goes to the other application's reason; Enter sends the rejection, and the applicant has the reason by mail.
        await page.Locator($"#application-{refused}").FocusAsync();
        await page.Keyboard.PressAsync("h");
        await Expect(page.Locator($"#reason-{refused}")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Your statement does not speak for flexible work.");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rejected");
        await Expect(page.Locator($"#application-{refused}")).ToHaveCountAsync(0);
        await Site.Platform.MailArrivedAsync(contact, m => m.Body.Contains("Your statement does not speak for flexible work.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_without_a_session_a_moderator_outside_their_role_and_a_cross_site_post_are_refused()
    {
        var story = await SubmitStoryAsync($"Held for review {Guid.NewGuid():N}"[..28]);
        using var visitor = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Site.Platform.Gateway.BaseAddress };
        var overview = await visitor.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
        Assert.Equal("/staff/sign-in?next=%2Fstaff", overview.Headers.Location!.PathAndQuery);
        var post = await visitor.PostAsync("/staff/moderation?handler=approve", new FormUrlEncodedContent([new("Id", story.ToString())]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/staff/sign-in", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // Someone who is not staff gets the same answer as staff, and no link.
        var stranger = $"stranger.{Guid.NewGuid():N}@example.org";
        var answer = await visitor.PostAsync("/staff/sign-in", new FormUrlEncodedContent([new("Email", stranger)]));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("If this address belongs to staff, a sign-in link is on its way.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // An admin invites a moderator, who signs in from their own mail.
        var moderator = $"moderator.{Guid.NewGuid():N}@example.org";
        var admin = await AdminAsync();
        await admin.GotoAsync("/staff/people");
        await admin.GetByLabel("Email").FillAsync(moderator);
        await admin.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("moderator");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Invite and mail a sign-in link" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"{moderator} is moderator now");
        var (page, _) = await SignInAsync(moderator);
        // The moderator's mail, asked for after the stranger's request, has arrived: the stranger's never will.
        Assert.Equal(0, await Site.Platform.ScalarAsync("staffdb", $"SELECT count(*) FROM staff_sign_in_links WHERE email = '{stranger}'"));
        Assert.Empty(await Site.Platform.MailboxAsync(stranger));

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Moderation" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Staff", Exact = true })).ToHaveCountAsync(0);
        var people = await page.GotoAsync("/staff/people");
        Assert.Equal(403, people!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not part of your role" })).ToBeVisibleAsync();

        // Another site's page, opened in the moderator's browser, posts a form to the console: refused, nothing decided.
        await page.Context.RouteAsync("http://evil.example/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"""<form method="post" action="{Site.SiteUrl}/staff/moderation?handler=reject"><input name="Id" value="{story}"><button>Go</button></form>""",
        }));
        await page.GotoAsync("http://evil.example/");
        var crossSite = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button"), r => r.Url.Contains("/staff/moderation", StringComparison.Ordinal));
        Assert.Equal(403, crossSite.Status);
        Assert.Equal(1, await Site.Platform.ScalarAsync("contentdb", $"SELECT count(*) FROM stories WHERE id = '{story}' AND status = 'in-review'"));

        // Removed from staff, the moderator's open session ends at the next click.
        await admin.GotoAsync("/staff/people");
        admin.Dialog += (_, dialog) => dialog.AcceptAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Remove {moderator}" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"{moderator} is no longer staff");
        await page.GotoAsync("/staff");
        await Expect(page).ToHaveURLAsync(SignInPage());

        // Both changes are in the audit log, under the admin who made them.
        await admin.GotoAsync($"/staff/audit?staff={Uri.EscapeDataString(FirstAdmin)}&q={Uri.EscapeDataString(moderator)}");
        var rows = admin.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Remove a member of staff");
        await Expect(rows.Nth(1)).ToContainTextAsync("Invite a member of staff");
        await Expect(rows.Nth(1)).ToContainTextAsync($"email={moderator}, role=moderator");
    }

    [Fact]
    public async Task An_editor_writes_a_post_with_a_live_preview_schedules_it_and_it_appears_on_the_news_page_when_due()
    {
        var title = $"Four day weeks {Guid.NewGuid():N}"[..27];
        var (page, _) = await SignInAsync(await InviteAsync("editor"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Moderation" })).ToHaveCountAsync(0);
        Assert.Equal(403, (await page.GotoAsync("/staff/moderation"))!.Status);

        await page.GotoAsync("/staff/posts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Write a post" }).ClickAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("research");
        await page.GetByLabel("Author").FillAsync("Research desk");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Summary").FillAsync("What a year of four-day weeks did.");
        await page.GetByLabel("Text").FillAsync("## What we found\n\nTeams kept **every** deadline. <script>alert(1)</script>");
        await page.GetByLabel("Tags").FillAsync("research, four-day-week");

        // The preview follows the text as it is typed, rendered and sanitized as readers will get it.
        var preview = page.Locator("#preview");
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "What we found" })).ToBeVisibleAsync();
        await Expect(preview.Locator("strong")).ToHaveTextAsync("every");
        await Expect(preview.Locator("script")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByText("State: draft")).ToBeVisibleAsync();
        var slug = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        Assert.Equal(HttpStatusCode.NotFound, (await Site.Platform.Gateway.GetAsync($"/api/content/posts/{slug}")).StatusCode);

        var due = DateTime.UtcNow.AddSeconds(4);
        // Chromium writes a whole minute without its seconds ("04:05") and Playwright then refuses "04:05:00" as malformed.
        due = due.Second == 0 ? due.AddSeconds(1) : due;
        await page.GetByLabel("Or publish at (UTC)").FillAsync(due.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and schedule" }).ClickAsync();
        Assert.Equal([], await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Scheduled");
        await Expect(page.GetByText("State: scheduled")).ToBeVisibleAsync();

        // Nobody touches it again: Content publishes it when due, and the news page lists it.
        var news = await Site.NewPageAsync(390, 844);
        await PlatformFixture.EventuallyAsync(async () => await (await news.GotoAsync("/news"))!.TextAsync(), html => html.Contains(title, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var published = await Site.Platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/content/posts/{slug}");
        Assert.DoesNotContain("<script", published.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(["research", "four-day-week"], published.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Unpublish (back to draft)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Back to draft");
        await PlatformFixture.EventuallyAsync(async () => (await Site.Platform.Gateway.GetAsync($"/api/content/posts/{slug}")).StatusCode, s => s == HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_finds_a_supporter_mails_their_manage_link_and_erases_them_confirmed_twice()
    {
        var email = $"Supporter.{Guid.NewGuid():N}@Example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Ida", lastName = "Berg", email, country = "SE", consentToUpdates = true, listPublicly = false }))
            .EnsureSuccessStatusCode();
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token = await Site.Platform.ConfirmationTokenForAsync(email) })).EnsureSuccessStatusCode();
        var page = await AdminAsync();

        // Found by the address in any letter case: normalized, exact.
        await page.GetByRole(AriaRole.Link, new() { Name = "Supporters" }).ClickAsync();
        await page.GetByLabel("Find by email").FillAsync(email.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ida Berg" })).ToBeVisibleAsync();
        await Expect(page.Locator(".facts")).ToContainTextAsync("confirmed");

        // Sent at once, though they were mailed a minute ago (the public form's throttle is for strangers, not admins).
        await page.GetByRole(AriaRole.Button, new() { Name = "Mail them their manage link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("manage link is on its way");
        await Site.Platform.MailAsync(email, "Your link to manage your pledge");
        using (var shown = await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/manage", new { token = await Site.Platform.ManageTokenForAsync(email) }))
        {
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        }

        // Someone who never confirmed gets a new confirmation link instead; it counts them, the lost one no longer works.
        var pending = $"pending.{Guid.NewGuid():N}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Per", lastName = "Lind", email = pending, country = "SE", consentToUpdates = false, listPublicly = false }))
            .EnsureSuccessStatusCode();
        var lost = await Site.Platform.ConfirmationTokenForAsync(pending);
        await page.GetByLabel("Find by email").FillAsync(pending);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Mail them a new confirmation link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("new confirmation link");
        var confirmations = await Site.Platform.MailArrivedAsync(pending, m => m.Subject.StartsWith("Confirm your pledge", StringComparison.Ordinal), 2);
        var fresh = PlatformFixture.ConfirmationTokenIn(confirmations.First(m => m.Subject.StartsWith("Confirm your pledge", StringComparison.Ordinal)).Body);
        Assert.NotEqual(lost, fresh);
        Assert.False((await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token = lost })).IsSuccessStatusCode);
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token = fresh })).EnsureSuccessStatusCode();
        Assert.Equal(1, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{pending}' AND status = 'confirmed'"));

        await page.GetByLabel("Find by email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();

        // Confirmed twice: the address typed again (a different one is refused, nothing erased), then the browser's question.
        await page.GetByLabel("Where the request is filed").FillAsync("Ticket 4711");
        await page.GetByLabel("Type their address again to confirm").FillAsync("someone.else@example.org");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase for good" }).ClickAsync();
        await Expect(page.Locator("#confirmEmail-error")).ToContainTextAsync("Type the same address");
        Assert.Equal(1, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'"));

        await page.GetByLabel("Where the request is filed").FillAsync("Ticket 4711");
        await page.GetByLabel("Type their address again to confirm").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase for good" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Erased");
        Assert.Equal(0, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'"));
        await Expect(page.Locator("table")).ToContainTextAsync("Ticket 4711");
        Assert.Equal(1, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM staff_audit WHERE staff = '{FirstAdmin}' AND route = 'POST /api/pledges/erasures/' AND status = 200"));

        // Erased, so nobody by that address; with Pledge unable to look (its database away) the lookup says it cannot
        // tell, never that there is nobody.
        await page.GetByLabel("Find by email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.GetByText("No supporter has pledged with this address")).ToBeVisibleAsync();
        await Site.Platform.SetConnectionsAllowedAsync("pledgedb", false);
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("unavailable");
            await Expect(page.GetByText("No supporter has pledged with this address")).ToHaveCountAsync(0);
        }
        finally
        {
            await Site.Platform.SetConnectionsAllowedAsync("pledgedb", true);
        }
    }

    [Fact]
    public async Task A_petition_started_in_the_console_has_its_signatures_from_one_domain_previewed_and_invalidated()
    {
        var title = $"Flexible hours for nurses {Guid.NewGuid():N}"[..34];
        var domain = $"bots{Guid.NewGuid():N}"[..12] + ".example";
        var page = await AdminAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Petitions", Exact = true }).ClickAsync();
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Addressed to").FillAsync("The Minister of Health");
        await page.GetByLabel("Summary").FillAsync("Let nurses choose their shifts.");
        await page.GetByLabel("Text").FillAsync("Hospitals that let nurses choose **keep them**.");
        await page.GetByLabel("Goal").FillAsync("500");
        await page.GetByLabel("Signing closes (UTC)").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the petition" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        var slug = new Uri(page.Url).AbsolutePath.Split('/')[^1];

        foreach (var i in Enumerable.Range(1, 3))
        {
            await SignAsync(slug, $"bot{i}.{Guid.NewGuid():N}@{domain}", confirm: true);
        }

        await SignAsync(slug, $"bot4.{Guid.NewGuid():N}@{domain}", confirm: false);
        await SignAsync(slug, $"honest.{Guid.NewGuid():N}@example.org", confirm: true);
        await PlatformFixture.EventuallyAsync(() => SignaturesAsync(slug), n => n == 4);

        await page.GotoAsync("/staff/petitions");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Invalidate signatures of {title}" }).ClickAsync();

        // A domain that is not one is refused beside its field, and nothing changes.
        await page.GetByLabel("Domain").FillAsync("not a domain");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview by domain" }).ClickAsync();
        await Expect(page.Locator("#emailDomain-error")).ToContainTextAsync("A domain such as example.org.");

        // The preview counts what the rule takes and changes nothing; then exactly that is invalidated.
        await page.GetByLabel("Domain").FillAsync(domain.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview by domain" }).ClickAsync();
        await Expect(page.Locator("#preview-heading + p")).ToContainTextAsync($"3 counted signatures and 1 not yet confirmed were signed with an address at {domain}");
        Assert.Equal(4, await SignaturesAsync(slug));
        Assert.Equal(0, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM signatures WHERE email_domain = '{domain}' AND status = 'invalidated'"));

        // Signed after the preview: not what the moderator saw, so not taken.
        var late = $"late.{Guid.NewGuid():N}@{domain}";
        await SignAsync(slug, late, confirm: true);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Invalidate 3 signatures" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invalidated 3 signatures signed with an address at {domain}; the petition has 2 now.");
        Assert.Equal(4, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM signatures WHERE email_domain = '{domain}' AND status = 'invalidated'"));
        Assert.Equal(1, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM signatures WHERE email = '{late}' AND status = 'confirmed'"));
        await PlatformFixture.EventuallyAsync(() => SignaturesAsync(slug), n => n == 2);
        Assert.Equal(1, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM staff_audit WHERE staff = '{FirstAdmin}' AND route = 'POST /api/engagement/petitions/{{slug}}/invalidations' AND status = 200 AND target = 'slug={slug}'"));

        // An editor starts petitions but does not judge signatures.
        var editor = await InviteAsync("editor");
        var (editorPage, _) = await SignInAsync(editor);
        await editorPage.GotoAsync("/staff/petitions");
        await Expect(editorPage.GetByRole(AriaRole.Button, new() { Name = "Start the petition" })).ToBeVisibleAsync();
        await Expect(editorPage.GetByRole(AriaRole.Link, new() { Name = $"Invalidate signatures of {title}" })).ToHaveCountAsync(0);
        Assert.Equal(403, (await editorPage.GotoAsync($"/staff/petitions/{slug}"))!.Status);

        // The editor closes signing early: the petition says so, and no one can sign any more.
        await editorPage.GotoAsync("/staff/petitions");
        editorPage.Dialog += (_, dialog) => dialog.AcceptAsync();
        await editorPage.GetByRole(AriaRole.Button, new() { Name = $"Close signing of {title}" }).ClickAsync();
        await Expect(editorPage.GetByRole(AriaRole.Status)).ToContainTextAsync($"Signing of “{title}” is closed: closed with 2 of 500 signatures.");
        await Expect(editorPage.GetByRole(AriaRole.Button, new() { Name = $"Close signing of {title}" })).ToHaveCountAsync(0);
        var afterClose = await Site.Platform.Gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures",
            new { firstName = "Sam", lastName = "Lee", email = $"late.{Guid.NewGuid():N}@example.org", country = "US", region = "CO", listPublicly = false });
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
    }

    [Fact]
    public async Task An_editor_schedules_an_event_sees_its_attendees_and_waitlist_exports_them_as_csv_and_cancels_it()
    {
        var title = $"Flex hours meetup {Guid.NewGuid():N}"[..26];
        var (page, _) = await SignInAsync(await InviteAsync("editor"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Events", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule an event" }).ClickAsync();
        var day = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Summary").FillAsync("Meet others who work flexibly.");
        await page.GetByLabel("Description").FillAsync("Bring a friend.");
        await page.GetByLabel("Seats").FillAsync("1");
        await page.GetByLabel("Starts").FillAsync($"{day}T18:30");
        await page.GetByLabel("Ends").FillAsync($"{day}T17:00");
        await page.GetByLabel("Time zone").FillAsync("America/Denver");
        await page.GetByLabel("Venue name").FillAsync("Union Hall");
        await page.GetByLabel("City").FillAsync("Denver");
        await page.GetByLabel("Country").FillAsync("us");

        // Engagement's refusal lands beside its field; nothing is scheduled.
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the event" }).ClickAsync();
        await Expect(page.Locator("#endsAt-error")).ToContainTextAsync("The end must be after the start.");
        Assert.Equal(0, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM events WHERE title = '{title}'"));

        await page.GetByLabel("Ends").FillAsync($"{day}T20:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Nobody has confirmed yet.")).ToBeVisibleAsync();
        var slug = new Uri(page.Url).AbsolutePath.Split('/')[^1];

        // One seat: the first to confirm gets it, the second waits (a name a spreadsheet would run stays text).
        var first = $"first.{Guid.NewGuid():N}@example.org";
        var second = $"second.{Guid.NewGuid():N}@example.org";
        await RsvpAsync(slug, first, "Ana", "Lopez, Jr.");
        await RsvpAsync(slug, second, "Ben", "=HYPERLINK(\"http://evil.example\")");
        await page.ReloadAsync();
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Ana Lopez, Jr.");
        await Expect(rows.Nth(0)).ToContainTextAsync(first);
        await Expect(rows.Nth(0).Locator("td").Nth(2)).ToHaveTextAsync("registered");
        await Expect(rows.Nth(1)).ToContainTextAsync("waitlist #1");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download attendees (CSV)" }).ClickAsync());
        Assert.Equal($"{slug}-attendees.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("first_name,last_name,email,status,waitlist_position,confirmed_at", lines[0]);
        Assert.StartsWith($"Ana,\"Lopez, Jr.\",{first},registered,,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"Ben,\"'=HYPERLINK(\"\"http://evil.example\"\")\",{second},waitlisted,1,", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);

        // Edited: a second seat lets the waitlist's first in, who is told; the form came back filled as it was written.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit the event" }).ClickAsync();
        await Expect(page.GetByLabel("Description")).ToHaveValueAsync("Bring a friend.");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("America/Denver");
        await page.GetByLabel("Seats").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Expect(rows.Nth(1).Locator("td").Nth(2)).ToHaveTextAsync("registered");
        await Site.Platform.MailAsync(second, $"A place opened up: you are registered for {title}");

        // Cancelled with a reason: both are told, and the public page says so.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByLabel("Reason").FillAsync("The hall flooded; we will announce a new date.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cancelled");
        await Expect(page.Locator(".facts")).ToContainTextAsync("cancelled: The hall flooded");
        foreach (var attendee in new[] { first, second })
        {
            var mail = await Site.Platform.MailAsync(attendee, $"Cancelled: {title}");
            Assert.Contains("The hall flooded", mail.Body, StringComparison.Ordinal);
        }

        // The attendee list is the organizers': a moderator is refused it at the console and at the API.
        var moderator = await InviteAsync("moderator");
        var (moderatorPage, _) = await SignInAsync(moderator);
        Assert.Equal(403, (await moderatorPage.GotoAsync($"/staff/events/{slug}?handler=csv"))!.Status);
        using var asModerator = new HttpClient { BaseAddress = Site.Platform.Gateway.BaseAddress };
        asModerator.DefaultRequestHeaders.Authorization = new("Bearer", Site.Platform.Tokens.Create("moderator"));
        Assert.Equal(HttpStatusCode.Forbidden, (await asModerator.GetAsync($"/api/engagement/events/{slug}/attendees.csv")).StatusCode);
    }

    [Fact]
    public async Task An_admin_imports_a_csv_watching_its_progress_after_a_file_with_bad_rows_is_refused_whole()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var known = $"known.{run}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Kim", lastName = "Known", email = known, country = "US", consentToUpdates = false, listPublicly = false }))
            .EnsureSuccessStatusCode();
        var page = await AdminAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Supporters", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Import supporters from CSV" }).ClickAsync();

        // One file, two bad rows: refused whole, the rows named with why, nobody imported.
        var refused = Path.Combine(Path.GetTempPath(), $"refused-{run}.csv");
        await File.WriteAllTextAsync(refused, $"email,first_name,last_name,country\nok.{run}@example.org,Ok,Row,US\nnot-an-address,Bad,Email,US\nbad.{run}@example.org,Bad,Country,XX\n");
        await page.GetByLabel("CSV file").SetInputFilesAsync(refused);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing was imported");
        var reasons = page.Locator("tbody tr");
        await Expect(reasons).ToHaveCountAsync(2);
        await Expect(reasons.Nth(0)).ToContainTextAsync("3email:");
        await Expect(reasons.Nth(1)).ToContainTextAsync("4country:");
        Assert.Equal(0, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = 'ok.{run}@example.org'"));

        // Without script: an ordinary form upload, read part by part.
        var plain = await page.APIRequest.PostAsync("/staff/supporters/import", new()
        {
            Multipart = page.Context.APIRequest.CreateFormData().Append("file", new FilePayload
            {
                Name = "two.csv", MimeType = "text/csv",
                Buffer = System.Text.Encoding.UTF8.GetBytes($"email,first_name,last_name,country\nplain.1.{run}@example.org,Ana,One,US\nplain.2.{run}@example.org,Ben,Two,US\n"),
            }),
        });
        Assert.True(plain.Status == 200, await plain.TextAsync());
        Assert.Matches(@"Added</dt><dd>2</dd>", await plain.TextAsync());
        Assert.Equal(2, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email LIKE 'plain.%.{run}@example.org' AND status = 'confirmed'"));

        // 30,000 rows (one of them already pledged), sent at a throttled 1 MB/s so the bar has something to follow.
        var rows = 30_000;
        var file = Path.Combine(Path.GetTempPath(), $"import-{run}.csv");
        await File.WriteAllLinesAsync(file, new[] { "email,first_name,last_name,country,region,consent_to_updates" }
            .Concat(Enumerable.Range(1, rows - 1).Select(i => $"imported.{i}.{run}@example.org,Ida,Import,US,CO,true"))
            .Append($"{known},Kim,Known,US,,false"));
        await page.GetByLabel("CSV file").SetInputFilesAsync(file);
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("Network.enable");
        await devtools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 1_000_000,
        });
        await page.EvaluateAsync("""
            () => {
              window.seen = [];
              const bar = document.querySelector("#progress");
              new MutationObserver(() => window.seen.push(bar.value))
                .observe(document.querySelector("[data-progress-text]"), { childList: true, characterData: true, subtree: true });
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Status);
        await Expect(summary).ToContainTextAsync("Imported", new() { Timeout = 60_000 });
        await Expect(summary).ToContainTextAsync($"Rows read{rows:N0}");
        await Expect(summary).ToContainTextAsync($"Added{rows - 1:N0}");
        await Expect(summary).ToContainTextAsync("Already supporters (skipped)1");
        var seen = await page.EvaluateAsync<double[]>("() => window.seen");
        Assert.Contains(seen, value => value is > 0 and < 100);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(100, seen[^1]);
        Assert.Equal(rows - 1, await Site.Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email LIKE 'imported.%.{run}@example.org' AND status = 'confirmed'"));
    }

    [Fact]
    public async Task An_admin_sees_what_waits_in_each_service_and_replays_dead_mail_from_the_overview()
    {
        var to = $"dead.letter.{Guid.NewGuid():N}@example.org";
        await Site.Platform.ScalarAsync("engagementdb",
            $"INSERT INTO mail_dead (seq, to_address, subject, body, created_at, attempts, reason) VALUES ((SELECT coalesce(max(seq), 0) + 1000000 FROM mail_dead), '{to}', 'Your seat', 'Sent at last', now(), 3, '550 5.1.1 mailbox full') RETURNING seq");
        var page = await AdminAsync();

        var table = page.Locator("#operations ~ table");
        foreach (var service in new[] { "pledge", "coalition", "content", "engagement", "web" })
        {
            var row = table.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = service, Exact = true }) });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).Not.ToContainTextAsync("could not be asked");
        }

        var engagement = table.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "engagement", Exact = true }) });
        var dead = await engagement.Locator("td").Nth(3).Locator("span").TextContentAsync();
        Assert.True(int.Parse(dead!, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) >= 1, dead);
        await engagement.GetByRole(AriaRole.Button, new() { Name = "Replay the dead mail of engagement" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("dead mails of engagement are queued again");
        var delivered = await Site.Platform.MailArrivedAsync(to);
        Assert.Equal("Sent at last", Assert.Single(delivered).Body);
        Assert.Equal(0, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM mail_dead WHERE to_address = '{to}'"));
        Assert.Equal(1, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM staff_audit WHERE staff = '{FirstAdmin}' AND route = 'POST /admin/mail/dead/replay' AND status = 200"));

        // Operations are admins' alone.
        var (moderator, _) = await SignInAsync(await InviteAsync("moderator"));
        await Expect(moderator.GetByRole(AriaRole.Heading, new() { Name = "Operations" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_downloads_every_confirmed_supporter_who_consented_to_updates_and_no_one_else()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var consenting = $"consenting.{run}@example.org";
        var declined = $"declined.{run}@example.org";
        var pending = $"pending.{run}@example.org";
        foreach (var (email, consent) in new[] { (consenting, true), (declined, false), (pending, true) })
        {
            (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "=cmd", lastName = "Export", email, country = "US", region = "CO", consentToUpdates = consent, listPublicly = false }))
                .EnsureSuccessStatusCode();
            if (email != pending)
            {
                (await Site.Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token = await Site.Platform.ConfirmationTokenForAsync(email) })).EnsureSuccessStatusCode();
            }
        }

        var page = await AdminAsync();
        await page.GotoAsync("/staff/supporters");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download consenting supporters (CSV)" }).ClickAsync());
        Assert.Matches(@"^supporters-consenting-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,first_name,last_name,country,region,postal_code,pledged_at,confirmed_at", lines[0]);
        Assert.StartsWith($"{consenting},\"'=cmd\",Export,US,CO,,", Assert.Single(lines, l => l.Contains(run, StringComparison.Ordinal)), StringComparison.Ordinal);
        // Exactly the consenting confirmed supporters of this platform, however many other tests made.
        Assert.Equal(await Site.Platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters WHERE status = 'confirmed' AND consent_to_updates"), lines.Length - 1);
    }

    [Fact]
    public async Task An_editor_adds_a_bill_records_its_progress_and_adds_an_idea_and_the_public_pages_follow()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var (page, _) = await SignInAsync(await InviteAsync("editor"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Bills", Exact = true }).ClickAsync();
        await page.GetByLabel("Title").FillAsync($"Right to request flexible work {run}");
        await page.GetByLabel("Bill number").FillAsync($"HB {run}");
        await page.GetByLabel("Where").FillAsync("Narnia");
        await page.GetByLabel("Summary").FillAsync("Employees may ask for flexible hours; employers must answer in writing.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the bill" }).ClickAsync();
        await Expect(page.Locator("#jurisdiction-error")).ToContainTextAsync("ISO 3166");
        Assert.Equal(0, await Site.Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM legislation WHERE bill_number = 'HB {run}'"));

        await page.GetByLabel("Where").FillAsync("us-co");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the bill" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"HB {run}: Right to request flexible work {run}", Level = 1 })).ToBeVisibleAsync();
        var slug = new Uri(page.Url).AbsolutePath.Split('/')[^1];

        await page.GetByLabel("Stage after it").SelectOptionAsync("passed-one-chamber");
        await page.GetByLabel("What happened").FillAsync("Passed the House 40 to 25.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the action" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Recorded: passed-one-chamber");
        await Expect(page.Locator("tbody")).ToContainTextAsync("Passed the House 40 to 25.");
        var visitor = await Site.NewPageAsync(390, 844);
        await PlatformFixture.EventuallyAsync(async () => await (await visitor.GotoAsync($"/legislation/{slug}"))!.TextAsync(),
            html => html.Contains("passed-one-chamber", StringComparison.Ordinal) && html.Contains("Passed the House 40 to 25.", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Link, new() { Name = "Ideas", Exact = true }).ClickAsync();
        await page.GetByLabel("Title").FillAsync($"Ask your manager {run}");
        await page.GetByLabel("Summary").FillAsync("One conversation can start it.");
        await page.GetByLabel("How to do it").FillAsync("Bring **one** proposal.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the idea" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Added: \"Ask your manager {run}\"");
        await Expect(page.Locator("ol")).ToContainTextAsync($"Ask your manager {run}");
        await PlatformFixture.EventuallyAsync(async () => await (await visitor.GotoAsync("/get-involved"))!.TextAsync(),
            html => html.Contains($"Ask your manager {run}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Console_pages_have_no_serious_accessibility_violation_at_phone_and_desktop_widths()
    {
        var page = await AdminAsync(width: 360);
        using var admin = Site.Platform.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/engagement/petitions", new
        {
            title = "Accessible petition", summary = "Checked by axe.", body = "Every page.", target = "Everyone", goal = 10, closesAt = DateTimeOffset.UtcNow.AddDays(7),
        });
        var petition = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString();
        var scheduled = await admin.PostAsJsonAsync("/api/engagement/events", new
        {
            title = "Accessible meetup", summary = "Checked by axe.", description = "Every page.", format = "online", onlineUrl = "https://meet.example.org/a11y",
            startsAt = DateTime.UtcNow.AddDays(9).ToString("yyyy-MM-ddT18:00", System.Globalization.CultureInfo.InvariantCulture),
            endsAt = DateTime.UtcNow.AddDays(9).ToString("yyyy-MM-ddT19:00", System.Globalization.CultureInfo.InvariantCulture), timeZone = "Europe/Berlin",
        });
        var meetup = (await scheduled.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString();
        var tracked = await admin.PostAsJsonAsync("/api/engagement/legislation", new
        {
            title = "Accessible bill", jurisdiction = "US-CO", billNumber = $"SB {Guid.NewGuid():N}"[..10], summary = "Checked by axe.", position = "support", stage = "introduced",
        });
        var bill = (await tracked.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString();
        var anonymous = await Site.NewPageAsync(360);
        // Every page at phone width; at desktop width too where the layout is its own there (columns, wide tables).
        var desktop = new HashSet<string> { "/staff", "/staff/people", "/staff/posts/edit", "/staff/events/new", $"/staff/petitions/{petition}" };
        foreach (var (browser, path) in new[] { (page, "/staff"), (page, "/staff/moderation"), (page, "/staff/people"), (page, "/staff/audit"), (page, "/staff/posts"), (page, "/staff/posts/edit"), (page, "/staff/supporters"), (page, "/staff/supporters/import"), (page, "/staff/petitions"), (page, $"/staff/petitions/{petition}"), (page, "/staff/events"), (page, "/staff/events/new"), (page, $"/staff/events/{meetup}"), (page, $"/staff/events/{meetup}/edit"), (page, "/staff/bills"), (page, $"/staff/bills/{bill}"), (page, "/staff/ideas"), (page, "/staff/sign-out"), (anonymous, "/staff/sign-in"), (anonymous, "/staff/sign-in/link?token=not-a-token") })
        {
            await browser.SetViewportSizeAsync(360, 900);
            var response = await browser.GotoAsync(path);
            Assert.True(response!.Status < 500, $"{path} answered {response.Status}");
            Assert.Equal(path, new Uri(browser.Url).PathAndQuery); // the page itself, not a sign-in redirect
            foreach (var width in desktop.Contains(path) ? new[] { 360, 1280 } : [360])
            {
                await browser.SetViewportSizeAsync(width, 900);
                var serious = await AxeChecks.SeriousViolationsAsync(browser);
                Assert.True(serious.Length == 0, $"{path} at {width}px: " + string.Join("; ", serious));
            }
        }
    }

    /// <summary>The first admin invites a new member of staff in this role from the Staff page; answers their address.</summary>
    private async Task<string> InviteAsync(string role)
    {
        var email = $"{role}.{Guid.NewGuid():N}@example.org";
        var admin = await AdminAsync();
        await admin.GotoAsync("/staff/people");
        await admin.GetByLabel("Email").FillAsync(email);
        await admin.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Invite and mail a sign-in link" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"{email} is {role} now");
        await admin.Context.CloseAsync();
        return email;
    }

    /// <summary>
    /// A page of the first admin's console, on the overview. The first call signs in through the mailed link; later ones
    /// start from that session's cookie (the sign-in itself is tested above, every time).
    /// </summary>
    private async Task<IPage> AdminAsync(int width = 1280)
    {
        await AdminSession.WaitAsync();
        try
        {
            if (_adminSession is null)
            {
                var (signedIn, _) = await SignInAsync(FirstAdmin, width);
                _adminSession = await signedIn.Context.StorageStateAsync();
                return signedIn;
            }
        }
        finally
        {
            AdminSession.Release();
        }

        var page = await Site.NewPageAsync(width, storageState: _adminSession);
        await page.GotoAsync("/staff");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Signs in through the console's own pages and the mailed link; answers the page (on the overview) and the link it used.</summary>
    private async Task<(IPage Page, string Link)> SignInAsync(string email, int width = 1280)
    {
        var links = (await Site.Platform.MailboxAsync(email)).Count(m => SignInLink().IsMatch(m.Body));
        var page = await Site.NewPageAsync(width);
        await page.GotoAsync("/staff");
        await Expect(page).ToHaveURLAsync(SignInPage());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mail me a sign-in link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("If this address belongs to staff, a sign-in link is on its way.");

        var mails = await Site.Platform.MailArrivedAsync(email, m => SignInLink().IsMatch(m.Body), links + 1);
        // The mail's link names the site's public address; this run's gateway has a port of its own.
        var link = new Uri(SignInLink().Match(mails.First(m => SignInLink().IsMatch(m.Body)).Body).Value).PathAndQuery;
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        return (page, link);
    }

    /// <summary>Answers an event as a visitor would and confirms from the mailed link.</summary>
    private async Task RsvpAsync(string slug, string email, string firstName, string lastName)
    {
        (await Site.Platform.Gateway.PostAsJsonAsync($"/api/engagement/events/{slug}/rsvps", new { firstName, lastName, email })).EnsureSuccessStatusCode();
        var token = await Site.Platform.LinkTokenForAsync(email, "rsvp");
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/engagement/rsvps/confirm", new { token })).EnsureSuccessStatusCode();
    }

    /// <summary>Signs a petition as a visitor would, confirming from the mailed link or leaving it pending.</summary>
    private async Task SignAsync(string slug, string email, bool confirm)
    {
        (await Site.Platform.Gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures",
            new { firstName = "Sam", lastName = "Lee", email, country = "US", region = "CO", listPublicly = false })).EnsureSuccessStatusCode();
        if (confirm)
        {
            var token = await Site.Platform.LinkTokenForAsync(email, "sign");
            (await Site.Platform.Gateway.PostAsJsonAsync("/api/engagement/signatures/confirm", new { token })).EnsureSuccessStatusCode();
        }
    }

    private async Task<long> SignaturesAsync(string slug) =>
        (await Site.Platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/engagement/petitions/{slug}")).GetProperty("signatures").GetInt64();

    /// <summary>The moderation queue's page holding this item (stories left by other tests may fill earlier pages).</summary>
    private static async Task<ILocator> QueuePageWithAsync(IPage page, string item)
    {
        for (var tries = 0; await page.Locator(item).CountAsync() == 0 && tries < 20; tries++)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).First.ClickAsync();
        }

        return page.Locator(item);
    }

    /// <summary>An organization applies as a visitor would and confirms its contact address from the mail. Answers its id.</summary>
    private async Task<Guid> ApplyAsync(string name, string statement, string contactEmail)
    {
        var applied = await Site.Platform.Gateway.PostAsJsonAsync("/api/coalition/applications", new
        {
            name, kind = "company", website = "https://preview.example", country = "US", statement, contactName = "Pat Lee", contactEmail,
        });
        applied.EnsureSuccessStatusCode();
        var token = await Site.Platform.LinkTokenForAsync(contactEmail, "coalition/apply/confirm");
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/coalition/applications/confirm", new { token })).EnsureSuccessStatusCode();
        return (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetGuid();
    }

    /// <summary>A supporter's story, confirmed from its mailed link: it waits for a moderator. Answers its id.</summary>
    private async Task<Guid> SubmitStoryAsync(string title)
    {
        var email = $"storyteller.{Guid.NewGuid():N}@example.org";
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/content/stories", new
        {
            firstName = "Sara", lastName = "Smith", email, title, country = "US", region = "CO", consentToPublish = true,
            body = "Since my team moved to flexible hours I have dinner with my kids every night.",
        })).EnsureSuccessStatusCode();
        var token = await Site.Platform.LinkTokenForAsync(email, "story");
        (await Site.Platform.Gateway.PostAsJsonAsync("/api/content/stories/confirm", new { token })).EnsureSuccessStatusCode();
        return (await PlatformFixture.EventuallyAsync(() => HeldItemAsync(title), id => id is not null))!.Value;
    }

    /// <summary>The id of the held item with this title, looked for through the queue's pages, or null.</summary>
    private async Task<Guid?> HeldItemAsync(string title)
    {
        using var admin = Site.Platform.AdminClient();
        for (var page = 1; ; page++)
        {
            var queue = (await admin.GetFromJsonAsync<JsonElement>($"/api/content/moderation?page={page}&pageSize=100")).EnumerateArray().ToList();
            if (queue.Count == 0)
            {
                return null;
            }

            if (queue.FirstOrDefault(i => i.GetProperty("title").GetString() == title) is { ValueKind: JsonValueKind.Object } item)
            {
                return item.GetProperty("id").GetGuid();
            }
        }
    }

    private async Task<int> PublicStoriesWithAsync(string title) =>
        (await Site.Platform.Gateway.GetFromJsonAsync<JsonElement>("/api/content/stories")).EnumerateArray().Count(s => s.GetProperty("title").GetString() == title);

    [GeneratedRegex(@"/staff/sign-in(\?next=%2Fstaff)?$")]
    private static partial Regex SignInPage();

    [GeneratedRegex(@"http://\S+/staff/sign-in/link\?token=[A-Za-z0-9_-]{43}")]
    private static partial Regex SignInLink();
}
