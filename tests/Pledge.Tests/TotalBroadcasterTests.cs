using FlexPlatform.Pledge.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

/// <summary>The live total never steps back to an older total, in whichever order a poll and a notice arrive.</summary>
public sealed class TotalBroadcasterTests
{
    [Fact]
    public void A_total_polled_while_a_newer_notice_arrived_is_not_announced()
    {
        var broadcaster = NewBroadcaster();
        broadcaster.Announce(10);

        var noticesBeforePoll = broadcaster.NoticesHeard;
        broadcaster.Announce(12); // Redis came back while the poll was reading
        broadcaster.AnnouncePolled(11, noticesBeforePoll);

        Assert.Equal(12, broadcaster.Latest);
    }

    [Fact]
    public void A_polled_total_with_no_notice_meanwhile_is_announced_even_when_lower()
    {
        var broadcaster = NewBroadcaster();
        broadcaster.Announce(10);
        var changed = broadcaster.NextChangeAsync();

        broadcaster.AnnouncePolled(9, broadcaster.NoticesHeard); // a withdrawal while Redis was away

        Assert.Equal(9, broadcaster.Latest);
        Assert.True(changed.IsCompleted);
    }

    // Redis and the counter are not touched by announcing.
    private static TotalBroadcaster NewBroadcaster() => new(
        null!, null!, new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
        NullLogger<TotalBroadcaster>.Instance);
}
