using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlexPlatform.Testing;
using Npgsql;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Derived counts end up equal to their source of truth whatever order events arrive in and whatever was down.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ConvergenceTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Withdrawal_delivered_before_its_confirmation_leaves_member_and_referral_counts_right()
    {
        const string name = "Order Matters Org";
        var member = await platform.ApproveNewMemberAsync(name);
        var referrer = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("order-referrer"));
        var supporter = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;

        var withdrawn = await platform.PublishAsync("pledgedb", "Pledge.PledgeWithdrawn",
            new { supporterId = supporter, referredBy = referrer.ReferralCode, organizationCode = member.Code, withdrawnAt = at.AddSeconds(1) });
        Assert.Equal(1, await platform.HandledAsync("coalitiondb", withdrawn, "PledgeWithdrawnConsumer"));
        Assert.Equal(1, await platform.HandledAsync("engagementdb", withdrawn, "PledgeWithdrawnConsumer"));

        var confirmed = await platform.PublishAsync("pledgedb", "Pledge.PledgeConfirmed", new
        {
            supporterId = supporter, referralCode = "zzzzzzzz", referredBy = referrer.ReferralCode, organizationCode = member.Code,
            country = "US", region = "CO", consentToUpdates = false, confirmedAt = at, organizationId = member.ApplicationId,
        });
        Assert.Equal(1, await platform.HandledAsync("coalitiondb", confirmed, "PledgeConfirmedConsumer"));
        Assert.Equal(1, await platform.HandledAsync("engagementdb", confirmed, "PledgeConfirmedConsumer"));

        using var coalition = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl("coalition")) };
        Assert.Equal(0, await coalition.MemberSupportersAsync(member.Slug, name));
        Assert.Equal(0, await _gateway.ReferralsAsync(referrer.ReferralCode));
    }

    [Fact]
    public async Task Public_total_read_every_10_ms_during_2000_confirmations_never_decreases()
    {
        const int confirmations = 2000;
        var tokens = await PendingSupporters.SeedAsync(platform, confirmations, "mono");
        var before = await platform.Pledge.CountAsync();
        var seen = new ConcurrentQueue<(string Source, long Total)>();
        using var stop = new CancellationTokenSource();
        var readers = new[] { ("gateway", _gateway), ("pledge", platform.Pledge) }.Select(reader => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen.Enqueue((reader.Item1, await reader.Item2.CountAsync()));
                await Task.Delay(10);
            }
        })).ToArray();

        var failures = 0;
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (token, _) =>
        {
            if ((await _gateway.ConfirmAsync(token)).StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(before + confirmations, await PlatformFixture.EventuallyAsync(platform.Pledge.CountAsync, n => n == before + confirmations));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(0, failures);
        foreach (var source in new[] { "gateway", "pledge" })
        {
            var totals = seen.Where(s => s.Source == source).Select(s => s.Total).ToArray();
            Assert.True(totals.Length > 50, $"{source}: only {totals.Length} reads");
            var step = Enumerable.Range(1, totals.Length - 1).FirstOrDefault(i => totals[i] < totals[i - 1]);
            Assert.True(step == 0, $"{source}: the total stepped back from {(step > 0 ? totals[step - 1] : 0)} to {(step > 0 ? totals[step] : 0)}");
            Assert.True(totals.All(t => t >= before && t <= before + confirmations), $"{source}: a total outside [{before}, {before + confirmations}]");
        }

        await platform.AssertTotalsAgreeAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Organizations_with_the_same_name_approved_at_once_all_get_distinct_slugs()
    {
        const string name = "Twin Name Collective";
        var applications = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            applications.Add(await platform.ApplyAsync(name));
        }

        using var admin = platform.AdminClient();
        var answers = await Task.WhenAll(applications.Select(id => admin.PostAsync($"/api/coalition/applications/{id}/approve", null)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var slugs = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<Members.Approval>())!.Slug));
        Assert.Equal(slugs.Length, slugs.Distinct(StringComparer.Ordinal).Count());
        Assert.All(slugs, s => Assert.StartsWith("twin-name-collective", s, StringComparison.Ordinal));
    }
}
