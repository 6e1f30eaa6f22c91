using FlexPlatform.EndToEnd.Tests;
using FlexPlatform.Testing;

namespace FlexPlatform.Replicas.Tests;

internal static class Confirmations
{
    /// <summary>Pledges and confirms <paramref name="count"/> new supporters through the gateway, a few at a time.</summary>
    public static async Task<List<Pledges.Supporter>> ConfirmThroughGatewayAsync(this PlatformFixture platform, int count, string name)
    {
        var supporters = new List<Pledges.Supporter>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(5))
        {
            supporters.AddRange(await Task.WhenAll(chunk.Select(_ => platform.ConfirmNewSupporterAsync(Pledges.NewEmail(name)))));
        }

        return supporters;
    }

    /// <summary>Confirmations this replica answered, from its access log.</summary>
    public static int ConfirmationsAnswered(this ReplicasFixture fixture, Replica replica) =>
        fixture.LinesOf(replica).Count(l => l.Contains("Request finished", StringComparison.Ordinal)
            && l.Contains(" POST ", StringComparison.Ordinal) && l.Contains("/api/pledges/confirm ", StringComparison.Ordinal));

    public static Task<long> ConfirmedInPledgeAsync(this PlatformFixture platform) =>
        platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters WHERE status = 'confirmed'");

    public static Task<long> ConfirmedInEngagementAsync(this PlatformFixture platform) =>
        platform.ScalarAsync("engagementdb", "SELECT count(*) FROM confirmed_supporters WHERE withdrawn_at IS NULL");

    /// <summary>The public total as each Pledge replica serves it (from Redis), past the gateway's cache.</summary>
    public static async Task<long[]> PublicTotalsAsync(this ReplicasFixture fixture)
    {
        var totals = new List<long>();
        foreach (var replica in fixture.PledgeReplicas)
        {
            using var client = new HttpClient { BaseAddress = new Uri(replica.HttpUrl) };
            totals.Add(await client.CountAsync());
        }

        return [.. totals];
    }
}
