namespace FlexPlatform.Contracts.Pledge;

/// <summary>
/// Part of a bulk import: these supporters were confirmed elsewhere and now count. An import of a
/// million rows travels as a few hundred of these, not a million single events.
/// </summary>
public sealed record SupportersImported(Guid ImportId, int Part, IReadOnlyList<Guid> SupporterIds, DateTimeOffset ConfirmedAt);
