namespace FlexPlatform.Contracts.Coalition;

/// <summary>An organization applied to join the coalition and awaits moderation.</summary>
public sealed record OrganizationApplied(Guid ApplicationId, string Name, string Kind, string Country, DateTimeOffset AppliedAt);
