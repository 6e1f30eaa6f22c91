using System.Net;
using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Personal data nobody confirmed leaves after 30 days, in every service that holds it; confirmed data and recent answers stay.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RetentionTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Unconfirmed_pledges_stories_comments_rsvps_signatures_and_applications_are_purged_after_30_days()
    {
        var stale = Pledges.NewEmail("stale");
        var fresh = Pledges.NewEmail("fresh");
        var confirmed = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("kept"));
        var post = await platform.PublishNewPostAsync("Purge me not.");
        var eventSlug = await platform.CreateEventAsync(Engagements.Event("Old answers"));
        var petition = await platform.CreatePetitionAsync(Engagements.Petition("Old signatures"));
        foreach (var email in new[] { stale, fresh })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.SubmitAsync(Pledges.Valid(email))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync("/api/content/stories", Posts.Story(email, "Unverified", "Never clicked."))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/content/posts/{post}/comments", new { displayName = "Al", email, body = "Never clicked." })).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/engagement/events/{eventSlug}/rsvps", new { firstName = "Al", lastName = "Old", email })).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{petition}/signatures", Engagements.Signature(email))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync("/api/coalition/applications", new
            {
                name = "Never Confirmed Ltd", kind = "company", website = "https://never.example", country = "US",
                statement = "We never clicked.", contactName = "Al", contactEmail = email,
            })).StatusCode);
        }

        // 31 days pass for the stale person's answers, and for the confirmed supporter.
        await BackdateAsync("pledgedb", $"UPDATE supporters SET created_at = now() - interval '31 days', last_mailed_at = now() - interval '31 days' WHERE email IN ('{stale}', '{confirmed.Email}')");
        await BackdateAsync("contentdb", $"UPDATE stories SET submitted_at = now() - interval '31 days' WHERE email = '{stale}'");
        await BackdateAsync("contentdb", $"UPDATE comments SET submitted_at = now() - interval '31 days' WHERE email = '{stale}'");
        await BackdateAsync("engagementdb", $"UPDATE rsvps SET last_mailed_at = now() - interval '31 days' WHERE email = '{stale}'");
        await BackdateAsync("engagementdb", $"UPDATE signatures SET last_mailed_at = now() - interval '31 days' WHERE email = '{stale}'");
        await BackdateAsync("coalitiondb", $"UPDATE organizations SET applied_at = now() - interval '31 days' WHERE contact_email = '{stale}'");

        Assert.Equal(0, await PlatformFixture.EventuallyAsync(() => RowsOfAsync(stale), n => n == 0, TimeSpan.FromSeconds(20)));
        Assert.Equal(6, await RowsOfAsync(fresh));
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{confirmed.Email}' AND status = 'confirmed'"));
    }

    private async Task<long> RowsOfAsync(string email) =>
        await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'")
        + await platform.ScalarAsync("contentdb", $"SELECT (SELECT count(*) FROM stories WHERE email = '{email}') + (SELECT count(*) FROM comments WHERE email = '{email}')")
        + await platform.ScalarAsync("engagementdb", $"SELECT (SELECT count(*) FROM rsvps WHERE email = '{email}') + (SELECT count(*) FROM signatures WHERE email = '{email}')")
        + await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE contact_email = '{email}'");

    private async Task BackdateAsync(string database, string update) =>
        Assert.True(await platform.ScalarAsync(database, $"WITH changed AS ({update} RETURNING 1) SELECT count(*) FROM changed") > 0, update);
}
