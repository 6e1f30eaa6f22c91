namespace FlexPlatform.Contracts.Engagement;

/// <summary>A new petition takes signatures; published once, in the transaction that creates it.</summary>
public sealed record PetitionOpened(Guid PetitionId, string Slug, string Title, string Summary, string Target, long Goal, DateTimeOffset ClosesAt, DateTimeOffset OpenedAt);
