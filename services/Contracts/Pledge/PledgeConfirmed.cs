namespace FlexPlatform.Contracts.Pledge;

/// <summary>
/// A supporter confirmed their pledge and now counts toward the goal. It carries what its consumers read and no
/// personal data: Engagement credits referrals, Coalition credits the member whose code was used.
/// </summary>
/// <param name="ReferredBy">The referral code of the friend who invited them, if any.</param>
/// <param name="OrganizationCode">The coalition member's code they pledged with, if any.</param>
public sealed record PledgeConfirmed(
    Guid SupporterId,
    string ReferralCode,
    string? ReferredBy,
    string? OrganizationCode,
    DateTimeOffset ConfirmedAt);
