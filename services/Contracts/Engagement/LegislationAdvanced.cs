namespace FlexPlatform.Contracts.Engagement;

public sealed record LegislationAdvanced(
    Guid LegislationId, string Slug, string Title, string Jurisdiction, string BillNumber,
    string FromStage, string ToStage, string Note, DateOnly OccurredOn);
