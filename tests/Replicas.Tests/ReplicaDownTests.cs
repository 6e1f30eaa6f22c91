using System.Net.Http.Json;
using FlexPlatform.EndToEnd.Tests;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Replicas.Tests;

[Collection(ReplicasCollection.Name)]
public sealed class ReplicaDownTests(ReplicasFixture fixture)
{
    private PlatformFixture Platform => fixture.Platform;

    [Fact]
    public async Task With_one_Pledge_and_one_Engagement_replica_killed_the_gateway_keeps_answering_and_every_count_stays_exact()
    {
        const int n = 10;
        var pledge = fixture.PledgeReplicas[^1];
        var engagement = fixture.EngagementReplicas[^1];
        var inPledge = await Platform.ConfirmedInPledgeAsync();
        var inEngagement = await PlatformFixture.EventuallyAsync(Platform.ConfirmedInEngagementAsync, c => c == inPledge);
        try
        {
            await Platform.KillAsync(pledge.Name);
            await Platform.KillAsync(engagement.Name);

            // Every request succeeds the first time: the gateway fails a refused connection over to the live replica.
            await Platform.ConfirmThroughGatewayAsync(n, "one-down");

            Assert.Equal(inPledge + n, await Platform.ConfirmedInPledgeAsync());
            using var live = new HttpClient { BaseAddress = new Uri(fixture.PledgeReplicas[0].HttpUrl) };
            Assert.Equal(inPledge + n, await PlatformFixture.EventuallyAsync(live.CountAsync, c => c == inPledge + n));
            Assert.Equal(inEngagement + n, await PlatformFixture.EventuallyAsync(Platform.ConfirmedInEngagementAsync, c => c == inEngagement + n));
        }
        finally
        {
            await Platform.StartAsync(pledge.Name);
            await Platform.StartAsync(engagement.Name);
        }

        // Back in rotation once discovery lists it again (and its passive health check's reactivation period is over).
        await fixture.FlushPledgeLogsAsync();
        var answered = fixture.ConfirmationsAnswered(pledge);
        await PlatformFixture.EventuallyAsync(
            async () =>
            {
                using var refused = await Platform.Gateway.PostAsJsonAsync("/api/pledges/confirm", new { token = "not-a-token" });
                return fixture.ConfirmationsAnswered(pledge);
            },
            a => a > answered, TimeSpan.FromSeconds(30));
        Assert.True(fixture.ConfirmationsAnswered(pledge) > answered, $"{pledge.Name} got no traffic after it came back");
        Assert.Equal("Running", Platform.StateOf(pledge.Name));
        Assert.Equal(await Platform.ConfirmedInPledgeAsync(), await PlatformFixture.EventuallyAsync(Platform.ConfirmedInEngagementAsync, c => c == inEngagement + n));
    }
}
