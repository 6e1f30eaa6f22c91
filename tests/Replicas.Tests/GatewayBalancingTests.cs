using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Replicas.Tests;

[Collection(ReplicasCollection.Name)]
public sealed class GatewayBalancingTests(ReplicasFixture fixture)
{
    private PlatformFixture Platform => fixture.Platform;

    [Fact]
    public async Task Confirmations_through_the_gateway_reach_both_Pledge_replicas_and_each_is_counted_exactly_once()
    {
        const int n = 20;
        var replicas = fixture.PledgeReplicas;
        Assert.Equal(ReplicasFixture.Replicas, replicas.Count);
        await fixture.FlushPledgeLogsAsync();
        var answeredBefore = replicas.Select(fixture.ConfirmationsAnswered).ToArray();
        var inPledge = await Platform.ConfirmedInPledgeAsync();
        var inEngagement = await PlatformFixture.EventuallyAsync(Platform.ConfirmedInEngagementAsync, c => c == inPledge);

        await Platform.ConfirmThroughGatewayAsync(n, "balanced");

        // Access-log lines are written as responses finish; give the last ones a moment to arrive.
        var answered = await PlatformFixture.EventuallyAsync(
            () => Task.FromResult(replicas.Select(fixture.ConfirmationsAnswered).ToArray()),
            a => a.Sum() - answeredBefore.Sum() >= n);
        Assert.All(answered.Zip(answeredBefore), a => Assert.True(a.First > a.Second, $"a replica answered no confirmation: {string.Join(", ", answered)}"));
        Assert.Equal(n, answered.Sum() - answeredBefore.Sum());

        Assert.Equal(inPledge + n, await Platform.ConfirmedInPledgeAsync());
        Assert.All(await PlatformFixture.EventuallyAsync(fixture.PublicTotalsAsync, t => t.All(c => c == inPledge + n)), t => Assert.Equal(inPledge + n, t));
        Assert.Equal(inEngagement + n, await PlatformFixture.EventuallyAsync(Platform.ConfirmedInEngagementAsync, c => c == inEngagement + n));
    }
}
