namespace FlexPlatform.Contracts.Coalition;

/// <summary>A member was taken off the public directory; its code no longer takes pledges (Pledge forgets the codes it knew).</summary>
public sealed record OrganizationRemoved(Guid OrganizationId);
