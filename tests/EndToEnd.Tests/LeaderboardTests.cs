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
    public async Task Milestones_list_each_reached_threshold_once_from_the_store()
    {
        var milestones = await platform.EngagementService().GetFromJsonAsync<JsonElement>("/api/engagement/milestones");

        var thresholds = milestones.EnumerateArray().Select(m => m.GetProperty("threshold").GetInt64()).ToArray();
        var total = await platform.ScalarAsync("engagementdb", "SELECT count(*) FROM milestones");
        Assert.Equal(total, thresholds.Length);
        Assert.Equal(thresholds.Order(), thresholds);
        Assert.All(milestones.EnumerateArray(), m => Assert.True(m.TryGetProperty("reachedAt", out _)));
    }

    private async Task<JsonElement> ReadAsync() =>
        await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/engagement/referrals/leaderboard");

    private static JsonElement? Entry(JsonElement board, string name) =>
        board.EnumerateArray().Where(e => e.GetProperty("displayName").GetString()!.StartsWith(name + " ", StringComparison.Ordinal)).Select(e => (JsonElement?)e).FirstOrDefault();
}
