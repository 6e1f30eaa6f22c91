namespace FlexPlatform.Contracts.Engagement;

/// <summary>An event was created or changed; <paramref name="Sequence"/> rises with each change (as in its iCalendar).</summary>
public sealed record EventScheduled(
    Guid EventId, string Slug, string Title, string Format, DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc,
    string TimeZone, string? Country, string? LegislationSlug, int Sequence, DateTimeOffset ScheduledAt);
