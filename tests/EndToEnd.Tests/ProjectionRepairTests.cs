using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>
/// Engagement's confirmed supporters (totals, referral credits) and Coalition's member credits are copies of
/// Pledge's data kept by events. A pass compares them with Pledge and repairs what drifted: lost, corrupted and
/// phantom rows.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ProjectionRepairTests(PlatformFixture platform)
{
    [Fact]
    public async Task Corrupted_copies_of_who_counts_are_repaired_from_Pledge()
    {
        var name = $"Repairable {Guid.NewGuid():N}"[..22];
        var member = await platform.ApproveNewMemberAsync(name);
        var referrer = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("referrer"));
        var body = Pledges.Valid(Pledges.NewEmail("referred"), referrer.ReferralCode);
        body["organizationCode"] = member.Code;
        var referred = await platform.ConfirmNewSupporterAsync(body);
        var lost = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("lost"));
        await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id IN ('{referred.SupporterId}', '{lost.SupporterId}')"), n => n == 2);
        await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM member_supporters WHERE supporter_id = '{referred.SupporterId}'"), n => n == 1);
        // Asked of the services themselves: the gateway caches public reads for a moment.
        using var engagementApi = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl("engagement")) };
        using var coalitionApi = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl("coalition")) };
        Assert.Equal(1, await engagementApi.ReferralsAsync(referrer.ReferralCode));
        Assert.Equal(1, await coalitionApi.MemberSupportersAsync(member.Slug, name));

        // A lost event, a corrupted referral, a phantom counted for nobody (received long ago), in both copies.
        var phantom = Guid.NewGuid();
        await platform.ScalarAsync("engagementdb", $"""
            WITH lost AS (DELETE FROM confirmed_supporters WHERE supporter_id = '{lost.SupporterId}' RETURNING 1),
                 wrong AS (UPDATE confirmed_supporters SET referred_by = 'zzzzzzzz' WHERE supporter_id = '{referred.SupporterId}' RETURNING 1),
                 ghost AS (INSERT INTO confirmed_supporters (supporter_id, referred_by, confirmed_at, received_at)
                           VALUES ('{phantom}', '{referrer.ReferralCode}', now() - interval '1 hour', now() - interval '1 hour') RETURNING 1)
            SELECT (SELECT count(*) FROM lost) + (SELECT count(*) FROM wrong) + (SELECT count(*) FROM ghost)
            """);
        await platform.ScalarAsync("coalitiondb", $"""
            WITH lost AS (DELETE FROM member_supporters WHERE supporter_id = '{referred.SupporterId}' RETURNING 1),
                 ghost AS (INSERT INTO member_supporters (supporter_id, code, received_at) VALUES ('{phantom}', '{member.Code}', now() - interval '1 hour') RETURNING 1)
            SELECT (SELECT count(*) FROM lost) + (SELECT count(*) FROM ghost)
            """);

        var engagement = await RepairAsync("engagement");
        Assert.True(engagement.Added >= 1 && engagement.Corrected >= 1 && engagement.Removed >= 1, $"engagement drift: {engagement}");
        var coalition = await RepairAsync("coalition");
        Assert.True(coalition.Added >= 1 && coalition.Removed >= 1, $"coalition drift: {coalition}");

        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{lost.SupporterId}' AND withdrawn_at IS NULL"));
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{referred.SupporterId}' AND referred_by = '{referrer.ReferralCode}'"));
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{phantom}' AND withdrawn_at IS NOT NULL"));
        Assert.Equal(1, await engagementApi.ReferralsAsync(referrer.ReferralCode));
        Assert.Equal(1, await coalitionApi.MemberSupportersAsync(member.Slug, name));
        Assert.Equal(1, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM member_supporters WHERE code = '{member.Code}' AND withdrawn_at IS NULL AND supporter_id = '{referred.SupporterId}'"));
        Assert.Equal(1, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM member_supporters WHERE code = '{member.Code}' AND withdrawn_at IS NULL"));

        // In step again: the next pass finds nothing to change in these pages' settled rows.
        var again = await RepairAsync("engagement");
        Assert.Equal(0, again.Corrected);
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{lost.SupporterId}' AND withdrawn_at IS NULL"));
    }

    private async Task<Drift> RepairAsync(string service)
    {
        using var admin = platform.AdminClientFor(service);
        var response = await admin.PostAsync("/admin/projections/repair", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single();
        Assert.True(report.GetProperty("pages").GetInt64() >= 1);
        return report.GetProperty("drift").Deserialize<Drift>(JsonSerializerOptions.Web)!;
    }

    private sealed record Drift(long Added, long Corrected, long Removed);
}
