using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ManageTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Manage_token_shows_the_supporters_own_pledge_without_the_email()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("manage"));

        var response = await _gateway.PostAsJsonAsync("/api/pledges/manage", new { token = supporter.ManageToken });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var pledge = JsonDocument.Parse(body).RootElement;
        Assert.Equal("confirmed", pledge.GetProperty("status").GetString());
        Assert.Equal("Sara", pledge.GetProperty("firstName").GetString());
        Assert.DoesNotContain(supporter.Email, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Withdrawing_drops_the_count_once_and_engagement_stops_crediting_the_referrer()
    {
        var referrer = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("referrer"));
        var friend = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("leaving"), referrer.ReferralCode);
        await PlatformFixture.EventuallyAsync(() => _gateway.ReferralsAsync(referrer.ReferralCode), n => n == 1);
        var before = await platform.Pledge.CountAsync();

        var first = await WithdrawAsync(friend.ManageToken);
        var second = await WithdrawAsync(friend.ManageToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(before - 1, await platform.Pledge.CountAsync());
        Assert.Equal(0, await PlatformFixture.EventuallyAsync(() => _gateway.ReferralsAsync(referrer.ReferralCode), n => n == 0));
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{friend.SupporterId}' AND withdrawn_at IS NOT NULL"));
    }

    [Fact]
    public async Task Erasing_removes_the_personal_data_and_the_count_stays_exact()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("erase"));
        var before = await platform.Pledge.CountAsync();

        var erased = await _gateway.PostAsJsonAsync("/api/pledges/erase", new { token = supporter.ManageToken });
        var again = await _gateway.PostAsJsonAsync("/api/pledges/erase", new { token = supporter.ManageToken });

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(before - 1, await platform.Pledge.CountAsync());
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' OR email = '{supporter.Email}'"));
        Assert.Empty(await platform.MailboxAsync(supporter.Email));
        Assert.Equal(1, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{supporter.SupporterId}' AND withdrawn_at IS NOT NULL"),
            n => n == 1));
        await platform.AssertTotalsAgreeAsync();
    }

    [Fact]
    public async Task Withdrawing_a_pending_pledge_counts_nothing_and_publishes_nothing()
    {
        var email = Pledges.NewEmail("pending-withdraw");
        (await _gateway.SubmitAsync(Pledges.Valid(email))).EnsureSuccessStatusCode();
        var confirmToken = await platform.ConfirmationTokenForAsync(email);
        var before = await platform.Pledge.CountAsync();

        var withdrawn = await WithdrawAsync(await platform.ManageTokenForAsync(email));
        var confirmAfterwards = await _gateway.ConfirmAsync(confirmToken);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirmAfterwards.StatusCode);
        Assert.Equal(before, await platform.Pledge.CountAsync());
        await platform.AssertTotalsAgreeAsync();
    }

    [Theory]
    [InlineData("/api/pledges/manage")]
    [InlineData("/api/pledges/withdraw")]
    [InlineData("/api/pledges/erase")]
    public async Task Malformed_token_gets_400_and_unknown_token_gets_404(string route)
    {
        var malformed = await _gateway.PostAsJsonAsync(route, new { token = "not-a-token" });
        var unknown = await _gateway.PostAsJsonAsync(route, new { token = "ZACL7xZoznFyLCFr10tKh-2fvPfRkwAWh0z-PdBdGWX" });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("token", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_holder_stops_and_restarts_updates_at_once_and_bad_input_changes_nothing()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("consent"));
        var consent = $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' AND consent_to_updates";
        var changedAt = $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' AND consent_changed_at IS NOT NULL";

        var missing = await _gateway.PostAsJsonAsync("/api/pledges/consent", new { token = supporter.ManageToken });
        var malformed = await _gateway.PostAsJsonAsync("/api/pledges/consent", new { token = "not-a-token", consentToUpdates = false });
        var mistyped = await _gateway.PostAsync("/api/pledges/consent",
            new StringContent($$"""{"token":"{{supporter.ManageToken}}","consentToUpdates":"no"}""", System.Text.Encoding.UTF8, "application/json"));
        var unknown = await _gateway.PostAsJsonAsync("/api/pledges/consent", new { token = "ZACL7xZoznFyLCFr10tKh-2fvPfRkwAWh0z-PdBdGWX", consentToUpdates = false });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("consentToUpdates", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        Assert.Equal("application/problem+json", mistyped.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", consent));
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", changedAt));

        var stopped = await _gateway.PostAsJsonAsync("/api/pledges/consent", new { token = supporter.ManageToken, consentToUpdates = false });
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var pledge = JsonDocument.Parse(await stopped.Content.ReadAsStringAsync()).RootElement;
        Assert.False(pledge.GetProperty("consentToUpdates").GetBoolean());
        Assert.Equal(supporter.ReferralCode, pledge.GetProperty("referralCode").GetString());
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", consent));
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", changedAt));

        var restarted = await _gateway.PostAsJsonAsync("/api/pledges/consent", new { token = supporter.ManageToken, consentToUpdates = true });
        Assert.True(JsonDocument.Parse(await restarted.Content.ReadAsStringAsync()).RootElement.GetProperty("consentToUpdates").GetBoolean());
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", consent));

        // Withdrawn is final: updates can still be stopped, never started again.
        (await WithdrawAsync(supporter.ManageToken)).EnsureSuccessStatusCode();
        var stoppedAfter = await _gateway.PostAsJsonAsync("/api/pledges/consent", new { token = supporter.ManageToken, consentToUpdates = false });
        var startedAfter = await _gateway.PostAsJsonAsync("/api/pledges/consent", new { token = supporter.ManageToken, consentToUpdates = true });
        Assert.Equal(HttpStatusCode.OK, stoppedAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, startedAfter.StatusCode);
        Assert.Equal("application/problem+json", startedAfter.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", consent));
    }

    private Task<HttpResponseMessage> WithdrawAsync(string token) => _gateway.PostAsJsonAsync("/api/pledges/withdraw", new { token });

    [Fact]
    public async Task An_imported_supporter_gets_a_manage_link_by_mail_and_the_answer_never_tells_who_pledged()
    {
        var imported = Pledges.NewEmail("imported");
        using var admin = platform.AdminClient();
        var csv = "email,first_name,last_name,country,region,personas,flexibility,why,consent_to_updates,list_publicly\n" + imported + ",Ana,Lima,BR,,,,,no,no\n";
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/pledges/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"))).StatusCode);
        var nobody = Pledges.NewEmail("nobody");

        var unknown = await _gateway.PostAsJsonAsync("/api/pledges/manage-link", new { email = nobody });
        var known = await _gateway.PostAsJsonAsync("/api/pledges/manage-link", new { email = imported.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        var mail = await platform.MailAsync(imported, "Your link to manage your pledge");
        var token = System.Text.RegularExpressions.Regex.Match(mail.Body, @"/manage\?token=([A-Za-z0-9_-]+)").Groups[1].Value;
        var pledge = await _gateway.PostAsJsonAsync("/api/pledges/manage", new { token });
        Assert.Equal(HttpStatusCode.OK, pledge.StatusCode);
        Assert.Equal("confirmed", (await pledge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // Mail goes out in queue order: the unknown address's request came first and queued nothing.
        Assert.Empty(await platform.MailboxAsync(nobody));

        // A second request within the throttle sends no second link; the first still works.
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync("/api/pledges/manage-link", new { email = imported })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsJsonAsync("/api/pledges/manage", new { token })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _gateway.PostAsJsonAsync("/api/pledges/manage-link", new { email = "not an address" })).StatusCode);
    }

    [Fact]
    public async Task An_admin_erases_a_person_by_email_and_the_erasure_is_recorded()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("byletter"));
        // Someone who never pledged but signed: erased all the same.
        var signerOnly = Pledges.NewEmail("signeronly");
        await platform.SignAsync(await platform.CreatePetitionAsync(Engagements.Petition("Signed by letter-writer", goal: 100)), Engagements.Signature(signerOnly));
        var before = await platform.Pledge.CountAsync();
        var reference = $"letter {Guid.NewGuid():N}";
        using var admin = platform.AdminClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsJsonAsync("/api/pledges/erasures", new { email = supporter.Email, reference })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/pledges/erasures", new { email = supporter.Email, reference = "" })).StatusCode);
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}'"));

        var erased = await admin.PostAsJsonAsync("/api/pledges/erasures", new { email = supporter.Email, reference });
        var again = await admin.PostAsJsonAsync("/api/pledges/erasures", new { email = supporter.Email, reference });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var first = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(first.GetProperty("erased").GetBoolean());
        Assert.True(first.GetProperty("stoppedCounting").GetBoolean());
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetBoolean());
        Assert.Equal(before - 1, await platform.Pledge.CountAsync());
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}'"));
        Assert.Equal(1, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{supporter.SupporterId}' AND withdrawn_at IS NOT NULL"), n => n == 1));

        var signerErased = await admin.PostAsJsonAsync("/api/pledges/erasures", new { email = signerOnly, reference });
        Assert.False((await signerErased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetBoolean());
        await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM signatures WHERE email = '{signerOnly}'"), n => n == 0);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/pledges/erasures?pageSize=10");
        var recorded = audit.EnumerateArray().Where(r => r.GetProperty("reference").GetString() == reference).ToList();
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, r => Assert.Equal("moderator@tests", r.GetProperty("admin").GetString()));
        Assert.DoesNotContain(supporter.Email, audit.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Erasing_removes_the_person_from_every_service_and_every_count_stays_right()
    {
        var email = Pledges.NewEmail("everywhere");
        var supporter = await platform.ConfirmNewSupporterAsync(email);
        var eventSlug = await platform.CreateEventAsync(Engagements.Event("Erasure evening", capacity: 1));
        await platform.Gateway.ConfirmRsvpAsync((await platform.RsvpAsync(eventSlug, email)).Confirm);
        var waiting = Pledges.NewEmail("waiting");
        await platform.Gateway.ConfirmRsvpAsync((await platform.RsvpAsync(eventSlug, waiting)).Confirm);
        var petition = await platform.CreatePetitionAsync(Engagements.Petition("Erasure petition", goal: 100));
        await platform.SignAsync(petition, Engagements.Signature(email));
        await platform.SignAsync(petition, Engagements.Signature(Pledges.NewEmail("stays")));
        await platform.SubmitAndVerifyStoryAsync(Posts.Story(email.ToUpperInvariant(), "My erased story", "Flexible hours changed how our family lives."));
        var post = await platform.PublishNewPostAsync("A post to comment on before erasing.");
        await platform.CommentAndVerifyAsync(post, email, "A comment that must go with its author.");
        Assert.Equal(2, (await platform.PetitionAsync(petition)).GetProperty("signatures").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await _gateway.PostAsJsonAsync("/api/pledges/erase", new { token = supporter.ManageToken })).StatusCode);

        var normalized = email.ToLowerInvariant();
        await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT (SELECT count(*) FROM rsvps WHERE email_normalized = '{normalized}') + (SELECT count(*) FROM signatures WHERE email_normalized = '{normalized}')"),
            n => n == 0);
        await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("contentdb", $"SELECT (SELECT count(*) FROM stories WHERE email_normalized = '{normalized}') + (SELECT count(*) FROM comments WHERE email_normalized = '{normalized}')"),
            n => n == 0);
        // The seat went to the person waiting, who was told; the signature no longer counts; nothing is mailed to the erased person.
        await platform.MailAsync(waiting, "A place opened up");
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM rsvps r JOIN events e ON e.id = r.event_id WHERE e.slug = '{eventSlug}' AND r.status = 'registered'"));
        Assert.Equal(1, (await platform.PetitionAsync(petition)).GetProperty("signatures").GetInt64());
        Assert.Empty(await platform.MailboxAsync(email));
        foreach (var database in new[] { "engagementdb", "contentdb", "pledgedb" })
        {
            Assert.Equal(0, await platform.ScalarAsync(database, $"SELECT (SELECT count(*) FROM mail_outbox WHERE lower(to_address) = '{normalized}') + (SELECT count(*) FROM dev_mail WHERE lower(to_address) = '{normalized}')"));
        }
    }
}
