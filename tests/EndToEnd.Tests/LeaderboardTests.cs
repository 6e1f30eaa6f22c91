using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class LeaderboardTests(PlatformFixture platform)
{
    [Fact]
    public async Task Leaderboard_names_listed_referrers_with_exact_counts_after_a_withdrawal_and_never_an_email()
    {
        var name = "Lead" + new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(6).ToArray());
        var referrerBody = Pledges.Valid(Pledges.NewEmail("leader"));
        referrerBody["firstName"] = name;
        var referrer = await platform.ConfirmNewSupporterAsync(referrerBody);
        var hiddenBody = Pledges.Valid(Pledges.NewEmail("hidden-leader"));
        hiddenBody["firstName"] = "Unlisted" + name;
        hiddenBody["listPublicly"] = false;
        var hidden = await platform.ConfirmNewSupporterAsync(hiddenBody);
        var friends = new List<Pledges.Supporter>();
        foreach (var i in Enumerable.Range(1, 3))
        {
            friends.Add(await platform.ConfirmNewSupporterAsync(Pledges.NewEmail($"friend{i}"), referrer.ReferralCode));
        }

        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("hidden-friend"), hidden.ReferralCode);
        (await platform.Gateway.PostAsJsonAsync("/api/pledges/withdraw", new { token = friends[0].ManageToken })).EnsureSuccessStatusCode();

        var board = await PlatformFixture.EventuallyAsync(ReadAsync, b => Entry(b, name) is { } e && e.GetProperty("confirmedReferrals").GetInt64() == 2);

        var entry = Entry(board, name);
        Assert.NotNull(entry);
        Assert.Equal(2, entry.Value.GetProperty("confirmedReferrals").GetInt64());
        Assert.Equal($"{name} S.", entry.Value.GetProperty("displayName").GetString());
        Assert.Equal("CO, US", entry.Value.GetProperty("place").GetString());
        var text = board.GetRawText();
        Assert.DoesNotContain("Unlisted", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Pledge_away_the_board_answers_without_names_instead_of_failing()
    {
        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("referred"), (await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("referrer"))).ReferralCode);
        var engagement = platform.EngagementService(); // shared by the tests: not ours to dispose
        await PlatformFixture.EventuallyAsync(async () => (await engagement.GetFromJsonAsync<JsonElement>("/api/engagement/referrals/leaderboard")).GetArrayLength(), n => n > 0);

        await platform.KillAsync("pledge");
        try
        {
            using var board = await engagement.GetAsync("/api/engagement/referrals/leaderboard");
            Assert.Equal(System.Net.HttpStatusCode.OK, board.StatusCode);
            Assert.Equal(0, (await board.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
            Assert.True(board.Headers.CacheControl?.NoStore, "a board without names must not be cached");
        }
        finally
        {
            await platform.StartAsync("pledge");
        }
    }

    [Fact]
    public async Task Milestones_list_each_reached_threshold_once_from_the_store()
    {
        // The suite never gathers a million supporters: two reached milestones are recorded as the watcher would.
        await platform.ScalarAsync("engagementdb",
            "WITH added AS (INSERT INTO milestones (threshold, reached_at, total_seen) VALUES (2000000000, now(), 2000000000), (1000000000, now() - interval '1 day', 1000000000) ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM added");
        var milestones = await platform.EngagementService().GetFromJsonAsync<JsonElement>("/api/engagement/milestones");

        var thresholds = milestones.EnumerateArray().Select(m => m.GetProperty("threshold").GetInt64()).ToArray();
        var total = await platform.ScalarAsync("engagementdb", "SELECT count(*) FROM milestones");
        Assert.Equal(total, thresholds.Length);
        Assert.Equal(thresholds.Order(), thresholds);
        Assert.Equal(1, thresholds.Count(t => t == 1_000_000_000));
        Assert.Equal(1, thresholds.Count(t => t == 2_000_000_000));
        Assert.All(milestones.EnumerateArray(), m => Assert.True(m.TryGetProperty("reachedAt", out _)));
    }

    private async Task<JsonElement> ReadAsync() =>
        await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/engagement/referrals/leaderboard");

    private static JsonElement? Entry(JsonElement board, string name) =>
        board.EnumerateArray().Where(e => e.GetProperty("displayName").GetString()!.StartsWith(name + " ", StringComparison.Ordinal)).Select(e => (JsonElement?)e).FirstOrDefault();
}
