using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class EventsTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Third_rsvp_for_two_seats_waits_first_and_is_registered_and_mailed_when_a_seat_frees()
    {
        var slug = await platform.CreateEventAsync(Engagements.Event("Boulder meetup", capacity: 2));
        var emails = Enumerable.Range(1, 3).Select(i => Pledges.NewEmail($"rsvp{i}")).ToArray();
        var tokens = new List<(string Confirm, string Cancel)>();
        foreach (var email in emails)
        {
            tokens.Add(await platform.RsvpAsync(slug, email));
        }

        var answers = new List<JsonElement>();
        foreach (var (confirm, _) in tokens)
        {
            answers.Add(await _gateway.ConfirmRsvpAsync(confirm));
        }

        Assert.Equal("registered", answers[0].GetProperty("status").GetString());
        Assert.Equal("registered", answers[1].GetProperty("status").GetString());
        Assert.Equal("waitlisted", answers[2].GetProperty("status").GetString());
        Assert.Equal(1, answers[2].GetProperty("position").GetInt64());
        var full = await platform.EventAsync(slug);
        Assert.True(full.GetProperty("isFull").GetBoolean());
        Assert.Equal(1, full.GetProperty("waitlisted").GetInt64());

        var cancelled = await _gateway.PostAsJsonAsync("/api/engagement/rsvps/cancel", new { token = tokens[0].Cancel });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var after = await platform.EventAsync(slug);
        Assert.Equal(2, after.GetProperty("registered").GetInt64());
        Assert.Equal(0, after.GetProperty("waitlisted").GetInt64());
        Assert.Equal("registered", (await _gateway.ConfirmRsvpAsync(tokens[2].Confirm)).GetProperty("status").GetString());
        var promotedMail = await platform.MailAsync(emails[2], "A place opened up");
        Assert.StartsWith("A place opened up", promotedMail.Subject, StringComparison.Ordinal);
        Assert.Contains("https://meet.example.org/secret-room-", promotedMail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_concurrent_confirmations_for_five_seats_register_exactly_five()
    {
        var slug = await platform.CreateEventAsync(Engagements.Event("Crowded workshop", capacity: 5));
        var tokens = new List<string>();
        foreach (var i in Enumerable.Range(1, 20))
        {
            tokens.Add((await platform.RsvpAsync(slug, Pledges.NewEmail($"crowd{i}"))).Confirm);
        }

        var answers = await Task.WhenAll(tokens.Select(_gateway.ConfirmRsvpAsync));

        Assert.Equal(5, answers.Count(a => a.GetProperty("status").GetString() == "registered"));
        var positions = answers.Where(a => a.GetProperty("status").GetString() == "waitlisted").Select(a => a.GetProperty("position").GetInt64()).Order();
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), positions);
        var stored = await platform.ScalarAsync("engagementdb",
            $"SELECT count(*) FROM rsvps r JOIN events e ON e.id = r.event_id WHERE e.slug = '{slug}' AND r.status = 'registered'");
        Assert.Equal(5, stored);
    }

    [Fact]
    public async Task Calendar_parses_with_a_stable_uid_and_the_zone_and_its_sequence_rises_with_an_edit()
    {
        var body = Engagements.Event("Calendar night");
        var slug = await platform.CreateEventAsync(body);

        var first = Calendar.Load(await _gateway.GetStringAsync($"/api/engagement/events/{slug}/calendar.ics"))!;
        body["title"] = "Calendar night, moved";
        body["startsAt"] = Engagements.LocalTime(DateTime.UtcNow.Date.AddDays(31).AddHours(17));
        body["endsAt"] = Engagements.LocalTime(DateTime.UtcNow.Date.AddDays(31).AddHours(19));
        using var admin = platform.AdminClient();
        (await admin.PutAsJsonAsync($"/api/engagement/events/{slug}", body)).EnsureSuccessStatusCode();
        var second = Calendar.Load(await platform.EngagementService().GetStringAsync($"/api/engagement/events/{slug}/calendar.ics"))!;

        var before = Assert.Single(first.Events);
        var after = Assert.Single(second.Events);
        Assert.Equal("America/Denver", before.DtStart!.TzId);
        Assert.Equal(18, before.DtStart.Hour);
        Assert.Contains(first.TimeZones, z => z.TzId == "America/Denver");
        Assert.Equal(before.Uid, after.Uid);
        Assert.True(after.Sequence > before.Sequence);
        Assert.Equal(17, after.DtStart!.Hour);
        Assert.DoesNotContain("secret-room", await _gateway.GetStringAsync($"/api/engagement/events/{slug}/calendar.ics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_event_calendar_says_cancelled_and_everyone_is_mailed()
    {
        var slug = await platform.CreateEventAsync(Engagements.Event("Soon cancelled", capacity: 1));
        var seated = Pledges.NewEmail("seated");
        var waiting = Pledges.NewEmail("waiting");
        await _gateway.ConfirmRsvpAsync((await platform.RsvpAsync(slug, seated)).Confirm);
        await _gateway.ConfirmRsvpAsync((await platform.RsvpAsync(slug, waiting)).Confirm);

        using var admin = platform.AdminClient();
        var cancelled = await admin.PostAsJsonAsync($"/api/engagement/events/{slug}/cancel", new { reason = "The venue flooded." });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var calendar = Calendar.Load(await platform.EngagementService().GetStringAsync($"/api/engagement/events/{slug}/calendar.ics"))!;
        Assert.Equal(EventStatus.Cancelled, Assert.Single(calendar.Events).Status);
        var feed = Calendar.Load(await _gateway.GetStringAsync("/api/engagement/events/calendar.ics"))!;
        Assert.Contains(feed.Events, e => e.Status == EventStatus.Cancelled && e.Summary == "Soon cancelled");
        Assert.Contains("The venue flooded.", (await platform.MailAsync(seated, "Cancelled:")).Body, StringComparison.Ordinal);
        Assert.Contains("The venue flooded.", (await platform.MailAsync(waiting, "Cancelled:")).Body, StringComparison.Ordinal);
        Assert.Equal("cancelled", (await platform.EventAsync(slug)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Answering_twice_gets_the_same_answer_and_keeps_one_rsvp()
    {
        var slug = await platform.CreateEventAsync(Engagements.Event("Answer once"));
        var email = Pledges.NewEmail("twice");
        var (confirm, _) = await platform.RsvpAsync(slug, email);
        await _gateway.ConfirmRsvpAsync(confirm);

        var again = await _gateway.PostAsJsonAsync($"/api/engagement/events/{slug}/rsvps", new { firstName = "Rae", lastName = "Vance", email = email.ToUpperInvariant() });
        var stranger = await _gateway.PostAsJsonAsync($"/api/engagement/events/{slug}/rsvps", new { firstName = "New", lastName = "Person", email = Pledges.NewEmail("new") });

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(await stranger.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, (await platform.EventAsync(slug)).GetProperty("registered").GetInt64());
        Assert.Equal(1, await platform.ScalarAsync("engagementdb",
            $"SELECT count(*) FROM rsvps r JOIN events e ON e.id = r.event_id WHERE e.slug = '{slug}' AND lower(r.email) = lower('{email}')"));
    }

    [Fact]
    public async Task Event_detail_renders_sanitized_html_answers_both_times_and_never_shows_the_online_link()
    {
        var slug = await platform.CreateEventAsync(Engagements.Event("Safe details"));

        var json = await _gateway.GetStringAsync($"/api/engagement/events/{slug}");
        var list = await _gateway.GetStringAsync($"/api/engagement/events?country=US");

        var detail = JsonDocument.Parse(json).RootElement;
        Assert.Contains("<strong>Snacks</strong>", detail.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", detail.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal("America/Denver", detail.GetProperty("timeZone").GetString());
        var local = DateTime.Parse(detail.GetProperty("startsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var utc = detail.GetProperty("startsAtUtc").GetDateTimeOffset();
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(utc.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("America/Denver")), local);
        Assert.DoesNotContain("secret-room", json, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-room", list, StringComparison.Ordinal);
        Assert.Contains(slug, list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeZone", "Mars/Olympus_Mons")]
    [InlineData("endsAt", "before")]
    [InlineData("startsAt", "past")]
    [InlineData("format", "telepathic")]
    [InlineData("title", "oversized")]
    public async Task Bad_event_is_refused_naming_the_field_and_nothing_is_stored(string field, string value)
    {
        var title = "Refused " + Guid.NewGuid().ToString("N");
        var body = Engagements.Event(title);
        switch (value)
        {
            case "before":
                body["endsAt"] = Engagements.LocalTime(DateTime.UtcNow.Date.AddDays(30).AddHours(17));
                break;
            case "past":
                body["startsAt"] = Engagements.LocalTime(DateTime.UtcNow.Date.AddDays(-2));
                break;
            case "oversized":
                body["title"] = title + new string('x', 300);
                break;
            default:
                body[field] = value;
                break;
        }

        using var admin = platform.AdminClient();
        var refused = await admin.PostAsJsonAsync("/api/engagement/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM events WHERE title LIKE '{title}%'"));
    }

    [Fact]
    public async Task Oversized_event_body_is_refused_with_413()
    {
        var body = Engagements.Event("Huge");
        // Just over the service's 128 KB, as a client would overshoot; far bigger bodies are the gateway's to refuse (256 KB).
        body["description"] = new string('x', 132_000);
        using var admin = platform.AdminClient();

        var refused = await admin.PostAsJsonAsync("/api/engagement/events", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("engagementdb", "SELECT count(*) FROM events WHERE title = 'Huge'"));
    }

    [Fact]
    public async Task Reminder_goes_out_once_per_start_time_and_a_moved_event_is_reminded_for_its_new_time_only()
    {
        var body = Engagements.Event("Reminder evening");
        body["timeZone"] = "Etc/UTC";
        body["format"] = "online";
        body["venue"] = null;
        var soon = DateTime.UtcNow.AddHours(20);
        SetStart(body, soon);
        var slug = await platform.CreateEventAsync(body);
        var email = Pledges.NewEmail("remind");
        await _gateway.ConfirmRsvpAsync((await platform.RsvpAsync(slug, email)).Confirm);

        var first = await PlatformFixture.EventuallyAsync(() => RemindersAsync(email), r => r.Count == 1);
        Assert.Contains(soon.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), Assert.Single(first).Body, StringComparison.Ordinal);

        var nextWeek = DateTime.UtcNow.AddDays(7);
        var sooner = DateTime.UtcNow.AddHours(5).AddMinutes(7);
        using var admin = platform.AdminClient();
        SetStart(body, nextWeek);
        (await admin.PutAsJsonAsync($"/api/engagement/events/{slug}", body)).EnsureSuccessStatusCode();
        SetStart(body, sooner);
        (await admin.PutAsJsonAsync($"/api/engagement/events/{slug}", body)).EnsureSuccessStatusCode();

        var reminders = await PlatformFixture.EventuallyAsync(() => RemindersAsync(email), r => r.Count >= 2);
        Assert.Equal(2, reminders.Count);
        Assert.Contains(sooner.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), reminders[0].Body, StringComparison.Ordinal);
        static bool Changed(PlatformFixture.DevMail m) => m.Subject.StartsWith("Changed:", StringComparison.Ordinal);
        Assert.Equal(2, (await platform.MailArrivedAsync(email, Changed, count: 2)).Count(Changed));
    }

    [Fact]
    public async Task Answering_again_after_cancelling_gets_a_reminder_again()
    {
        var body = Engagements.Event("Second thoughts");
        body["timeZone"] = "Etc/UTC";
        body["format"] = "online";
        body["venue"] = null;
        SetStart(body, DateTime.UtcNow.AddHours(20));
        var slug = await platform.CreateEventAsync(body);
        var email = Pledges.NewEmail("again");
        var (confirm, cancel) = await platform.RsvpAsync(slug, email);
        await _gateway.ConfirmRsvpAsync(confirm);
        await PlatformFixture.EventuallyAsync(() => RemindersAsync(email), r => r.Count == 1);

        (await _gateway.PostAsJsonAsync("/api/engagement/rsvps/cancel", new { token = cancel })).EnsureSuccessStatusCode();
        // Past the resend throttle, as if they thought it over for a while.
        await platform.ScalarAsync("engagementdb", $"WITH u AS (UPDATE rsvps SET last_mailed_at = now() - interval '10 minutes' WHERE email = '{email}' RETURNING 1) SELECT count(*) FROM u");
        var again = await platform.RsvpAsync(slug, email, previousMails: 1);
        Assert.Equal("registered", (await _gateway.ConfirmRsvpAsync(again.Confirm)).GetProperty("status").GetString());

        Assert.Equal(2, (await PlatformFixture.EventuallyAsync(() => RemindersAsync(email), r => r.Count >= 2)).Count);
    }

    [Fact]
    public async Task Raising_the_capacity_registers_the_first_person_waiting_and_mails_them()
    {
        var body = Engagements.Event("Room gets bigger", capacity: 1);
        var slug = await platform.CreateEventAsync(body);
        var waiting = Pledges.NewEmail("waiting-bigger");
        await _gateway.ConfirmRsvpAsync((await platform.RsvpAsync(slug, Pledges.NewEmail("seated-bigger"))).Confirm);
        var (confirm, _) = await platform.RsvpAsync(slug, waiting);
        Assert.Equal("waitlisted", (await _gateway.ConfirmRsvpAsync(confirm)).GetProperty("status").GetString());

        body["capacity"] = 2;
        using var admin = platform.AdminClient();
        (await admin.PutAsJsonAsync($"/api/engagement/events/{slug}", body)).EnsureSuccessStatusCode();

        Assert.Equal("registered", (await _gateway.ConfirmRsvpAsync(confirm)).GetProperty("status").GetString());
        Assert.Contains("\"Room gets bigger\"", (await platform.MailAsync(waiting, "A place opened up")).Body, StringComparison.Ordinal);
        var after = await platform.EventAsync(slug);
        Assert.Equal(2, after.GetProperty("registered").GetInt64());
        Assert.Equal(0, after.GetProperty("waitlisted").GetInt64());
    }

    private static void SetStart(Dictionary<string, object?> body, DateTime utc)
    {
        body["startsAt"] = Engagements.LocalTime(utc);
        body["endsAt"] = Engagements.LocalTime(utc.AddHours(1));
    }

    private async Task<List<PlatformFixture.DevMail>> RemindersAsync(string email) =>
        (await platform.MailboxAsync(email)).Where(m => m.Subject.StartsWith("Tomorrow:", StringComparison.Ordinal)).ToList();
}
