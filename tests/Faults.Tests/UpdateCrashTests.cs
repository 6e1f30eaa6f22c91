using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Faults.Tests;

/// <summary>An update to supporters, with Pledge SIGKILLed in the middle of sending it.</summary>
[Collection(FaultsCollection.Name)]
public sealed class UpdateCrashTests(FaultsFixture faults)
{
    private const int Recipients = 300;

    // MailDispatcher.BatchSize: what one crash between the SMTP server's acceptance and the settle may send again.
    private const int OneBatch = 100;
    private PlatformFixture Platform => faults.Platform;

    [Fact]
    public async Task Pledge_killed_in_the_middle_of_an_update_carries_on_from_its_cursor_and_mails_every_recipient()
    {
        var region = "C" + Guid.NewGuid().ToString("N")[..12];
        using var admin = Platform.AdminClient(TimeSpan.FromMinutes(2));
        var csv = new StringBuilder("email,first_name,last_name,country,region,consent_to_updates\n");
        for (var i = 0; i < Recipients; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"reader.{i}.{region}@example.org,Reader{i},Crash,IS,{region},yes\n");
        }

        (await admin.PostAsync("/api/pledges/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        var subject = "Crash course " + region;
        var created = await admin.PostAsJsonAsync("/api/pledges/updates", new { subject, body = "News.", audience = new { country = "IS", region } });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Past half way (at 50 a second), so a feeder that started again from the first recipient would send far
        // more than the one batch a crash between the server's acceptance and the settle may send twice.
        await PlatformFixture.EventuallyAsync(() => MailedAsync(subject), n => n >= Recipients / 2, TimeSpan.FromSeconds(60));
        var restarts = Platform.RestartsOf("pledge");
        Platform.Crash("pledge");
        await PlatformFixture.EventuallyAsync(
            () => Task.FromResult(Platform.IsHealthy("pledge") && Platform.RestartsOf("pledge") > restarts), back => back, TimeSpan.FromSeconds(90));
        var done = await PlatformFixture.EventuallyAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/api/pledges/updates/{id}"), u => u.GetProperty("state").GetString() == "sent", TimeSpan.FromSeconds(90));

        Assert.Equal((Recipients, 0L, 0L, 0L), (done.GetProperty("total").GetInt64(), done.GetProperty("failed").GetInt64(), done.GetProperty("skipped").GetInt64(), done.GetProperty("left").GetInt64()));
        Assert.Equal(Recipients, done.GetProperty("sent").GetInt64());
        Assert.Equal(Recipients, await Platform.ScalarAsync("pledgedb", $"SELECT count(DISTINCT to_address) FROM dev_mail WHERE subject = '{subject}'"));
        Assert.InRange(await MailedAsync(subject), Recipients, Recipients + OneBatch);
        Assert.Equal(0, await Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM update_recipients WHERE update_id = '{id}'"));
    }

    private Task<long> MailedAsync(string subject) => Platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM dev_mail WHERE subject = '{subject}'");
}
