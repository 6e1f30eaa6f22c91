namespace FlexPlatform.Contracts.Engagement;

/// <summary>A seat was taken (directly or from the waitlist). Carries no personal data.</summary>
public sealed record AttendeeRegistered(Guid EventId, string Slug, Guid RsvpId, bool FromWaitlist, DateTimeOffset RegisteredAt);
