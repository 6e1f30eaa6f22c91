namespace FlexPlatform.Contracts.Pledge;

/// <summary>
/// Part of a bulk import: these supporters were confirmed elsewhere and now count. An import of a
/// million rows travels as a few hundred of these, not a million single events.
/// </summary>
/// <param name="ReferralCodes">Each supporter's own referral code, in the order of <paramref name="SupporterIds"/>: their friends' pledges credit them.</param>
public sealed record SupportersImported(Guid ImportId, int Part, IReadOnlyList<Guid> SupporterIds, DateTimeOffset ConfirmedAt, IReadOnlyList<string>? ReferralCodes = null);
