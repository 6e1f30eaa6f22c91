namespace FlexPlatform.Contracts.Engagement;

/// <summary>A bill the movement follows moved to a new stage.</summary>
public sealed record LegislationAdvanced(Guid LegislationId, string Slug, string Title, string Jurisdiction, string Stage, DateTimeOffset AdvancedAt);
