using FlexPlatform.Engagement.Domain;

namespace FlexPlatform.Engagement.Data;

/// <summary>An event as stored, with its live seat counts (counted rows, never a counter).</summary>
public sealed class EventRow
{
    public Guid Id { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public string Description { get; init; } = "";
    public string Format { get; init; } = "";
    public DateTime StartsLocal { get; init; }
    public DateTime EndsLocal { get; init; }
    public string TimeZone { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public string? VenueName { get; init; }
    public string? VenueAddress { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? Country { get; init; }
    public string? OnlineUrl { get; init; }
    public int? Capacity { get; init; }
    public string? OrganizationSlug { get; init; }
    public string? LegislationSlug { get; init; }
    public string Status { get; init; } = "";
    public string? CancelReason { get; init; }
    public int Sequence { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public long Registered { get; init; }
    public long Waitlisted { get; init; }

    public DateTimeOffset StartsAtUtc => new(DateTime.SpecifyKind(StartsAt, DateTimeKind.Utc));

    public DateTimeOffset EndsAtUtc => new(DateTime.SpecifyKind(EndsAt, DateTimeKind.Utc));

    /// <summary>The event as its rules see it.</summary>
    public Event ToEvent() => new(Status, StartsAtUtc, EndsAtUtc, Capacity, Registered, Waitlisted);
}

/// <summary>Someone to mail about an event.</summary>
public sealed record Attendee(string Email, string FirstName);
