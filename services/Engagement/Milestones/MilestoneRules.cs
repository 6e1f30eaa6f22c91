namespace FlexPlatform.Engagement.Milestones;

public static class MilestoneRules
{
    public static readonly IReadOnlyList<long> Thresholds = [10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000];

    /// <summary>The thresholds a total has reached, lowest first.</summary>
    public static IEnumerable<long> ReachedBy(long total) => Thresholds.Where(t => total >= t);
}
