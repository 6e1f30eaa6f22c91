namespace FlexPlatform.Contracts.Pledge;

/// <summary>A supporter confirmed their pledge and now counts toward the goal.</summary>
/// <param name="ReferredBy">The referral code of the friend who invited them, if any.</param>
/// <param name="OrganizationCode">The coalition member they pledged with, if any.</param>
public sealed record PledgeConfirmed(
    Guid SupporterId,
    string ReferralCode,
    string? ReferredBy,
    string? OrganizationCode,
    string Country,
    string? Region,
    bool ConsentToUpdates,
    DateTimeOffset ConfirmedAt);
