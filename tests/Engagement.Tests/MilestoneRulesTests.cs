using FlexPlatform.Engagement.Milestones;
using Xunit;

namespace FlexPlatform.Engagement.Tests;

public sealed class MilestoneRulesTests
{
    [Theory]
    [InlineData(9_999, new long[0])]
    [InlineData(10_000, new long[] { 10_000 })]
    [InlineData(260_000, new long[] { 10_000, 50_000, 100_000, 250_000 })]
    [InlineData(1_000_000, new long[] { 10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000 })]
    public void Thresholds_reached_by_a_total(long total, long[] expected) =>
        Assert.Equal(expected, MilestoneRules.ReachedBy(total).ToArray());
}
