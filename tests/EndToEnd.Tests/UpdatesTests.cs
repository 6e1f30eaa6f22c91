using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Updates to supporters who asked for them: who gets one, what it carries, unsubscribing, and what staff see.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class UpdatesTests(PlatformFixture platform)
{
    private readonly HttpClient _admin = platform.AdminClient();

    [Fact]
    public async Task An_update_reaches_every_consenting_supporter_of_its_audience_and_nobody_else()
    {
        var region = NewRegion();
        var reader = await ConfirmAsync(region);
        var declined = await ConfirmAsync(region, b => b["consentToUpdates"] = false);
        var elsewhere = await ConfirmAsync(region, b => b["country"] = "DE");
        var student = await ConfirmAsync(region, b => b["personas"] = new[] { "student" });
        var stopped = await ConfirmAsync(region);
        (await platform.Gateway.PostAsJsonAsync("/api/pledges/consent", new { token = stopped.ManageToken, consentToUpdates = false })).EnsureSuccessStatusCode();
        var pending = Pledges.NewEmail();
        (await platform.Gateway.SubmitAsync(InRegion(Pledges.Valid(pending), region))).EnsureSuccessStatusCode();

        var created = await _admin.PostAsJsonAsync("/api/pledges/updates", new
        {
            subject = "Flexibility week " + region,
            body = "Three things happened this week:\n\n- one\n- two",
            audience = new { country = "IS", region, personas = new[] { "parent" } },
        });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/pledges/updates/{id}", created.Headers.Location?.OriginalString);
        var done = await SentAsync(id);
        Assert.Equal((1, 1, 0, 0), (done.GetProperty("total").GetInt64(), done.GetProperty("sent").GetInt64(), done.GetProperty("failed").GetInt64(), done.GetProperty("left").GetInt64()));

        var mail = await platform.MailAsync(reader.Email, "Flexibility week " + region);
        Assert.StartsWith("Hi Sara,", mail.Body, StringComparison.Ordinal);
        Assert.Contains("- one\n- two", mail.Body, StringComparison.Ordinal);
        Assert.Contains($"/join?ref={reader.ReferralCode}", mail.Body, StringComparison.Ordinal);
        var unsubscribe = UnsubscribeUrl(mail);
        Assert.Contains($"<{unsubscribe}>", mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Matches("^<mailto:unsubscribe@[^?]+\\?subject=unsubscribe%20[0-9a-f]{64}>, <http", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        foreach (var other in new[] { declined.Email, elsewhere.Email, student.Email, stopped.Email, pending })
        {
            Assert.DoesNotContain(await platform.MailboxAsync(other), m => m.Subject.Contains(region, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_audience_of_one_coalition_member_reaches_the_supporters_who_pledged_with_its_code()
    {
        var region = NewRegion();
        var member = await platform.ApproveNewMemberAsync("Updates Co " + region);
        var withCode = await ConfirmAsync(region, b => b["organizationCode"] = member.Code);
        var without = await ConfirmAsync(region);

        var created = await _admin.PostAsJsonAsync("/api/pledges/updates", new { subject = "Members " + region, body = "News.", audience = new { organizationSlug = member.Slug } });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var done = await SentAsync((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        Assert.Equal(1, done.GetProperty("sent").GetInt64());
        await platform.MailAsync(withCode.Email, "Members " + region);
        Assert.DoesNotContain(await platform.MailboxAsync(without.Email), m => m.Subject.Contains(region, StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_click_unsubscribe_leaves_the_supporter_out_of_the_next_update_until_they_resubscribe()
    {
        var region = NewRegion();
        var supporter = await ConfirmAsync(region);
        await SentAsync(await SendAsync("First " + region, region));
        var mail = await platform.MailAsync(supporter.Email, "First " + region);
        var unsubscribe = UnsubscribeUrl(mail);

        // As a mailbox provider's one-click button: a bare POST, no cookies, no token in the form (RFC 8058).
        using var provider = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = platform.Gateway.BaseAddress };
        var clicked = await provider.PostAsync(new Uri(unsubscribe).PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' AND consent_to_updates"));
        var second = await SentAsync(await SendAsync("Second " + region, region));
        Assert.Equal(0, second.GetProperty("total").GetInt64());

        var token = unsubscribe[(unsubscribe.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var back = await platform.Gateway.PostAsJsonAsync("/api/pledges/resubscribe", new { token });
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.True((await back.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consentToUpdates").GetBoolean());
        var third = await SentAsync(await SendAsync("Third " + region, region));
        Assert.Equal(1, third.GetProperty("sent").GetInt64());
        var subjects = (await platform.MailArrivedAsync(supporter.Email, m => m.Subject == "Third " + region)).Select(m => m.Subject).ToList();
        Assert.DoesNotContain("Second " + region, subjects);

        // A stop made on the manage page is not the link's to undo: an old or forwarded mail cannot turn updates back on.
        (await platform.Gateway.PostAsJsonAsync("/api/pledges/consent", new { token = supporter.ManageToken, consentToUpdates = false })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await platform.Gateway.PostAsJsonAsync("/api/pledges/resubscribe", new { token })).StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' AND consent_to_updates"));
    }

    [Fact]
    public async Task Cancelling_an_update_in_the_middle_takes_back_what_is_queued_and_accounts_for_everyone()
    {
        const int recipients = 300;
        var region = NewRegion();
        var csv = new System.Text.StringBuilder("email,first_name,last_name,country,region,consent_to_updates\n");
        for (var i = 0; i < recipients; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"reader.{i}.{region}@example.org,Reader{i},Cancel,IS,{region},yes\n");
        }

        (await _admin.PostAsync("/api/pledges/import", new StringContent(csv.ToString(), System.Text.Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        var subject = "Halfway " + region;
        var id = await SendAsync(subject, region);
        // At 50 a second the send takes some 6 s: cancel once the first mails are out.
        await PlatformFixture.EventuallyAsync(() => MailedAsync(subject), n => n >= 20);

        var cancelled = await _admin.PostAsync($"/api/pledges/updates/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var update = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", update.GetProperty("state").GetString());
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM mail_outbox WHERE tag = 'update:{id}'"));
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM update_recipients WHERE update_id = '{id}'"));
        var (sent, skipped, left) = (update.GetProperty("sent").GetInt64(), update.GetProperty("skipped").GetInt64(), update.GetProperty("left").GetInt64());
        Assert.Equal(recipients, update.GetProperty("total").GetInt64());
        Assert.Equal(recipients, sent + skipped + left);
        Assert.True(left > 0, $"sent {sent}, skipped {skipped}, left {left}");
        // Only a batch already claimed by the sender may still land after the cancel.
        Assert.InRange(await MailedAsync(subject), sent, sent + skipped);
    }

    private Task<long> MailedAsync(string subject) => platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM dev_mail WHERE subject = '{subject}'");

    [Fact]
    public async Task A_test_send_reaches_only_the_tester_and_the_draft_waits_to_be_sent()
    {
        var region = NewRegion();
        var supporter = await ConfirmAsync(region);
        var tester = Pledges.NewEmail("staff");

        var created = await _admin.PostAsJsonAsync("/api/pledges/updates", new { subject = "Draft " + region, body = "Soon.", audience = new { country = "IS", region }, testTo = tester });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var test = await platform.MailAsync(tester, "[Test] Draft " + region);

        Assert.Contains("Hi Sam,", test.Body, StringComparison.Ordinal);
        Assert.Equal("draft", (await _admin.GetFromJsonAsync<JsonElement>($"/api/pledges/updates/{id}")).GetProperty("state").GetString());
        Assert.Equal(1, (await _admin.GetFromJsonAsync<JsonElement>($"/api/pledges/updates/audience?country=IS&region={region}")).GetProperty("supporters").GetInt64());
        Assert.DoesNotContain(await platform.MailboxAsync(supporter.Email), m => m.Subject.Contains(region, StringComparison.Ordinal));

        var edited = await _admin.PutAsJsonAsync($"/api/pledges/updates/{id}", new { subject = "Now " + region, body = "Now.", audience = new { country = "IS", region } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/pledges/updates/{id}/send", new { })).StatusCode);
        Assert.Equal(1, (await SentAsync(id)).GetProperty("sent").GetInt64());
        await platform.MailAsync(supporter.Email, "Now " + region);

        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PutAsJsonAsync($"/api/pledges/updates/{id}", new { subject = "Late", body = "Late." })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsJsonAsync($"/api/pledges/updates/{id}/send", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"/api/pledges/updates/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_scheduled_update_waits_for_its_time_and_cancelling_makes_it_a_draft_again()
    {
        var region = NewRegion();
        await ConfirmAsync(region);
        var created = await _admin.PostAsJsonAsync("/api/pledges/updates", new { subject = "Later " + region, body = "Later.", audience = new { country = "IS", region }, sendAt = DateTimeOffset.UtcNow.AddHours(1) });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var scheduled = await _admin.GetFromJsonAsync<JsonElement>($"/api/pledges/updates/{id}");
        Assert.Equal("scheduled", scheduled.GetProperty("state").GetString());
        var cancelled = await _admin.PostAsync($"/api/pledges/updates/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("draft", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Contains((await _admin.GetFromJsonAsync<List<JsonElement>>("/api/pledges/updates"))!, u => u.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task A_complaint_suppresses_the_address_until_staff_lift_it()
    {
        var region = NewRegion();
        var supporter = await ConfirmAsync(region);
        var suppressed = await _admin.PostAsJsonAsync("/api/pledges/updates/suppressions", new { address = supporter.Email.ToUpperInvariant(), kind = "complaint", detail = "feedback loop" });
        Assert.Equal(HttpStatusCode.OK, suppressed.StatusCode);

        Assert.Equal(0, (await SentAsync(await SendAsync("Quiet " + region, region))).GetProperty("total").GetInt64());
        Assert.Contains((await _admin.GetFromJsonAsync<List<JsonElement>>("/api/pledges/updates/suppressions?pageSize=100"))!,
            s => s.GetProperty("address").GetString() == supporter.Email && s.GetProperty("kind").GetString() == "complaint");

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync("/api/pledges/updates/suppressions/lift", new { address = supporter.Email })).StatusCode);
        Assert.Equal(1, (await SentAsync(await SendAsync("Heard " + region, region))).GetProperty("sent").GetInt64());
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_problem_details_and_change_nothing()
    {
        var before = await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM updates");
        object[] bad =
        [
            new { body = "No subject." },
            new { subject = "s", body = "b", audience = new { personas = new[] { "pirate" } } },
            new { subject = "s", body = "b", audience = new { country = "XX" } },
            new { subject = "s", body = "b", audience = new { region = "CO" } },
            new { subject = "s", body = "b", sendAt = DateTimeOffset.UtcNow.AddDays(-1) },
            new { subject = "s", body = "b", testTo = "not-an-address" },
            new { subject = "s", body = "b", audience = new { organizationSlug = "no-such-member-" + Guid.NewGuid().ToString("N")[..8] } },
        ];

        foreach (var body in bad)
        {
            var refused = await _admin.PostAsJsonAsync("/api/pledges/updates", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await platform.Gateway.PostAsJsonAsync("/api/pledges/unsubscribe", new { token = "short" })).StatusCode);
        // A real supporter's id with a made-up keyed hash.
        var supporter = await ConfirmAsync(NewRegion());
        var forged = supporter.SupporterId.ToString("N") + new string('0', 32);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Gateway.PostAsJsonAsync("/api/pledges/unsubscribe", new { token = forged })).StatusCode);
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' AND consent_to_updates"));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/pledges/updates/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(before, await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM updates"));
    }

    [Fact]
    public async Task Updates_are_for_staff_at_the_gateway_and_at_the_service()
    {
        var body = new { subject = "s", body = "b" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Gateway.PostAsJsonAsync("/api/pledges/updates", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Pledge.PostAsJsonAsync("/api/pledges/updates", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Pledge.GetAsync("/api/pledges/updates/suppressions")).StatusCode);
        using var supporter = new HttpRequestMessage(HttpMethod.Get, "/api/pledges/updates");
        supporter.Headers.Authorization = new("Bearer", platform.Tokens.Create("supporter"));
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.Pledge.SendAsync(supporter)).StatusCode);
    }

    [Fact]
    public async Task A_milestone_drafts_one_update_for_staff_to_review()
    {
        var threshold = Random.Shared.NextInt64(2_000_000, 9_000_000);
        var milestone = new { threshold, total = threshold + 3, reachedAt = DateTimeOffset.UtcNow };

        var first = await platform.PublishAsync("engagementdb", "Engagement.MilestoneReached", milestone);
        Assert.Equal(1, await platform.HandledAsync("pledgedb", first, "MilestoneReachedConsumer"));
        var again = await platform.PublishAsync("engagementdb", "Engagement.MilestoneReached", milestone);
        Assert.Equal(1, await platform.HandledAsync("pledgedb", again, "MilestoneReachedConsumer"));

        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM updates WHERE source = 'milestone-{threshold}' AND state = 'draft'"));
    }

    [Fact]
    public async Task A_new_petition_drafts_an_update_asking_supporters_to_sign()
    {
        var title = "Flexible hours for nurses " + NewRegion();
        var slug = await platform.CreatePetitionAsync(Engagements.Petition(title, goal: 5_000));

        var subject = "Sign: " + title;
        await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM updates WHERE subject = '{subject}' AND state = 'draft' AND source LIKE 'petition-%'"), n => n == 1);
        var draft = (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/pledges/updates"))!.First(u => u.GetProperty("subject").GetString() == subject);
        Assert.Contains($"/petitions/{slug}", draft.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("5,000", draft.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    private static string NewRegion() => "R" + Guid.NewGuid().ToString("N")[..12];

    private static Dictionary<string, object?> InRegion(Dictionary<string, object?> body, string region)
    {
        body["country"] = "IS";
        body["region"] = region;
        return body;
    }

    private Task<Pledges.Supporter> ConfirmAsync(string region, Action<Dictionary<string, object?>>? change = null)
    {
        var body = InRegion(Pledges.Valid(Pledges.NewEmail()), region);
        change?.Invoke(body);
        return platform.ConfirmNewSupporterAsync(body);
    }

    private async Task<Guid> SendAsync(string subject, string region)
    {
        var created = await _admin.PostAsJsonAsync("/api/pledges/updates", new { subject, body = "News.", audience = new { country = "IS", region } });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The update once it is sent: every recipient queued and nothing left in the outbox.</summary>
    private Task<JsonElement> SentAsync(Guid id) =>
        PlatformFixture.EventuallyAsync(() => _admin.GetFromJsonAsync<JsonElement>($"/api/pledges/updates/{id}"), u => u.GetProperty("state").GetString() == "sent", TimeSpan.FromSeconds(30));

    private static string UnsubscribeUrl(PlatformFixture.DevMail mail) => UnsubscribeLink().Match(mail.Body).Value;

    [GeneratedRegex(@"http://\S+/unsubscribe\?token=[0-9a-f]{64}")]
    private static partial Regex UnsubscribeLink();
}
