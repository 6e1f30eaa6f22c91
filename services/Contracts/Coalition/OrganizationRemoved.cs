namespace FlexPlatform.Contracts.Coalition;

/// <summary>A member was taken off the public directory; its code no longer takes pledges.</summary>
public sealed record OrganizationRemoved(Guid OrganizationId, string Slug, DateTimeOffset RemovedAt);
