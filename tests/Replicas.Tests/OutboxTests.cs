using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Replicas.Tests;

[Collection(ReplicasCollection.Name)]
public sealed class OutboxTests(ReplicasFixture fixture)
{
    private PlatformFixture Platform => fixture.Platform;

    [Fact]
    public async Task Two_Pledge_replicas_relay_the_shared_outbox_publishing_each_event_once_and_Engagement_handles_each_once()
    {
        const int n = 20;
        var supporters = await Platform.ConfirmThroughGatewayAsync(n, "outbox");
        var ids = supporters.Select(s => s.SupporterId).ToHashSet();

        await PlatformFixture.EventuallyAsync(() => Platform.ScalarAsync("pledgedb", "SELECT count(*) FROM outbox_messages"), c => c == 0);
        await PlatformFixture.EventuallyAsync(
            () => Task.FromResult(fixture.Confirmed.Count(c => ids.Contains(c.SupporterId))), count => count >= n);
        // A confirmation after the outbox emptied is published after every earlier one was confirmed by the broker, so
        // once it arrives a duplicate of an earlier one would have too: only then is "exactly n" a real check.
        var sentinel = (await Platform.ConfirmThroughGatewayAsync(1, "outbox-sentinel")).Single().SupporterId;
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(fixture.Confirmed.Any(c => c.SupporterId == sentinel)), arrived => arrived);
        var published = fixture.Confirmed.Where(c => ids.Contains(c.SupporterId)).ToList();
        var handled = await PlatformFixture.EventuallyAsync(
            () => Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM inbox_messages WHERE consumer = 'PledgeConfirmedConsumer' AND message_id IN ({string.Join(',', published.Select(p => $"'{p.MessageId}'"))})"),
            c => c == n);

        // On the broker: one publish per confirmation, each with its own message id.
        Assert.Equal(n, published.Count);
        Assert.Equal(ids, published.Select(p => p.SupporterId).ToHashSet());
        Assert.Equal(n, published.Select(p => p.MessageId).Distinct().Count());
        Assert.Equal(n, handled);

        // At Engagement: each delivered once, to one replica, and both replicas took a share.
        // (the inbox's own record: batches are received as one consumption, but each message is handled once)
        // Console lines travel through DCP's log stream, a moment behind the commits: wait until each message shows.
        Dictionary<string, List<string>> Received() => fixture.EngagementReplicas.ToDictionary(r => r.Name, r => fixture.LinesOf(r)
            .Where(l => l.Contains("PledgeConfirmedConsumer handled message", StringComparison.Ordinal)).ToList());
        var received = await PlatformFixture.EventuallyAsync(
            () => Task.FromResult(Received()),
            r => published.All(p => r.Values.Any(lines => lines.Any(l => l.Contains(p.MessageId!.Value.ToString(), StringComparison.Ordinal)))));
        Assert.All(published, p => Assert.Equal(1, received.Values.Sum(lines => lines.Count(l => l.Contains(p.MessageId!.Value.ToString(), StringComparison.Ordinal)))));
        Assert.All(received, r => Assert.True(published.Any(p => r.Value.Any(l => l.Contains(p.MessageId!.Value.ToString(), StringComparison.Ordinal))), $"{r.Key} handled none"));
    }
}
