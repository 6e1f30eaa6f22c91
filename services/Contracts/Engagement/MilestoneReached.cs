namespace FlexPlatform.Contracts.Engagement;

/// <summary>The confirmed-supporter total crossed a milestone; announced exactly once.</summary>
public sealed record MilestoneReached(long Threshold, long Total, DateTimeOffset ReachedAt);
