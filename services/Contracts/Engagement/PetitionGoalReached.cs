namespace FlexPlatform.Contracts.Engagement;

/// <summary>Published exactly once per petition, in the transaction that records the goal as reached.</summary>
public sealed record PetitionGoalReached(Guid PetitionId, string Slug, string Title, long Goal, long Signatures, DateTimeOffset ReachedAt);
