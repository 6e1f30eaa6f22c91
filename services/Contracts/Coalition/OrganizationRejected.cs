namespace FlexPlatform.Contracts.Coalition;

/// <summary>A moderator turned an application down; it never became a member.</summary>
public sealed record OrganizationRejected(Guid ApplicationId, string Name, DateTimeOffset RejectedAt);
