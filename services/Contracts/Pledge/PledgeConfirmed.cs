namespace FlexPlatform.Contracts.Pledge;

/// <summary>A supporter confirmed their pledge and now counts toward the goal.</summary>
/// <param name="ReferredBy">The referral code of the friend who invited them, if any.</param>
/// <param name="OrganizationCode">The coalition member's code they pledged with, if any.</param>
/// <param name="OrganizationId">That member, as Coalition resolved the code when the pledge was taken.</param>
public sealed record PledgeConfirmed(
    Guid SupporterId,
    string ReferralCode,
    string? ReferredBy,
    string? OrganizationCode,
    string Country,
    string? Region,
    bool ConsentToUpdates,
    DateTimeOffset ConfirmedAt,
    Guid? OrganizationId = null);
