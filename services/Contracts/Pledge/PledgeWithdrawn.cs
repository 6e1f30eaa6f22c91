namespace FlexPlatform.Contracts.Pledge;

/// <summary>A confirmed supporter withdrew or erased their pledge; they no longer count.</summary>
public sealed record PledgeWithdrawn(Guid SupporterId, string? ReferredBy, string? OrganizationCode, DateTimeOffset WithdrawnAt);
