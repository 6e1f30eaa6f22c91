using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>A service's mail refused for good, as an admin sees and replays it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MailOutboxTests(PlatformFixture platform)
{
    [Fact]
    public async Task Mail_set_aside_is_listed_counted_on_health_and_delivered_when_replayed()
    {
        var to = $"set.aside.{Guid.NewGuid():N}@example.org";
        var seq = await platform.ScalarAsync("engagementdb",
            $"INSERT INTO mail_dead (seq, to_address, subject, body, created_at, attempts, reason) VALUES ((SELECT coalesce(max(seq), 0) + 1000000 FROM mail_dead), '{to}', 'Your seat', 'Replayed body', now(), 3, '550 5.1.1 mailbox full') RETURNING seq");
        using var admin = platform.AdminClientFor("engagement");

        var dead = await admin.GetFromJsonAsync<JsonElement>("/admin/mail/dead?pageSize=100");
        var listed = Assert.Single(dead.EnumerateArray(), d => d.GetProperty("seq").GetInt64() == seq);
        Assert.Equal(to, listed.GetProperty("to").GetString());
        Assert.Equal("550 5.1.1 mailbox full", listed.GetProperty("reason").GetString());
        var health = await PlatformFixture.EventuallyAsync(() => HealthOfMailAsync(), h => h.Status == "Degraded");
        Assert.Contains("/admin/mail/dead", health.Description, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/admin/mail/dead/{seq}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/admin/mail/dead/{seq}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/admin/mail/dead/{seq}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/mail/dead?page=0")).StatusCode);

        var delivered = await PlatformFixture.EventuallyAsync(() => platform.MailboxAsync(to), m => m.Count > 0);
        Assert.Equal("Replayed body", Assert.Single(delivered).Body);
    }

    [Fact]
    public async Task The_dev_mailbox_shows_every_header_a_mail_went_out_with()
    {
        var email = Pledges.NewEmail("headers");
        using var pledge = await platform.Gateway.PostAsJsonAsync("/api/pledges", new { firstName = "Hana", lastName = "Ito", email, country = "US", consentToUpdates = true });
        Assert.Equal(HttpStatusCode.Accepted, pledge.StatusCode);

        var mail = (await platform.MailArrivedAsync(email)).Single();
        Assert.Equal("pledge@1millionforworkflexibility.org", mail.Headers["From"]);
        Assert.Equal(email, mail.Headers["To"]);
        Assert.Equal(mail.Subject, mail.Headers["Subject"]);
        Assert.Matches("^<[^@<>]+@1millionforworkflexibility\\.org>$", mail.Headers["Message-Id"]);
        // RFC 5322's date ("Fri, 4 Dec 2026 21:10:00 +0000"), its offset written without a colon.
        var date = mail.Headers["Date"];
        var sent = DateTimeOffset.ParseExact($"{date[..^2]}:{date[^2..]}", "ddd, d MMM yyyy HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(sent, mail.SentAt.AddMinutes(-1), mail.SentAt.AddMinutes(1));
        Assert.Equal("1.0", mail.Headers["MIME-Version"]);
    }

    private async Task<(string Status, string Description)> HealthOfMailAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl("engagement")) };
        using var response = await client.GetAsync("/health");
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var status = health.GetProperty("checks").GetProperty("mail").GetString()!;
        return (status, health.GetProperty("problems").TryGetProperty("mail", out var problem) ? problem.GetProperty("description").GetString()! : "");
    }
}
