using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Validation;
using NodaTime;

namespace FlexPlatform.Engagement.Domain;

public sealed record VenueRequest(string? Name, string? Address, string? City, string? Region, string? Country);

/// <summary>The body of <c>POST</c> and <c>PUT /api/engagement/events</c>.</summary>
public sealed record EventRequest(
    string? Title,
    string? Summary,
    string? Description,
    string? Format,
    string? StartsAt,
    string? EndsAt,
    string? TimeZone,
    VenueRequest? Venue,
    string? OnlineUrl,
    int? Capacity,
    string? OrganizationSlug,
    string? LegislationSlug)
{
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.Ordinal) { "in-person", "online", "hybrid" };

    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 500;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxCapacity = 1_000_000;

    /// <summary>Validates and, when valid, returns the schedule with its UTC instants.</summary>
    public (FieldErrors Errors, EventSchedule? Schedule) Validate(DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Required("title", Title, MaxTitleLength)
            .Required("summary", Summary, MaxSummaryLength)
            .Required("description", Description, MaxDescriptionLength)
            .OneOf("format", Format, Formats)
            .When(Capacity is < 1 or > MaxCapacity, "capacity", $"Between 1 and {MaxCapacity}, or absent for no limit.")
            .When(OrganizationSlug is not null && !Text.IsSlug(OrganizationSlug), "organizationSlug", "Not a slug.")
            .When(LegislationSlug is not null && !Text.IsSlug(LegislationSlug), "legislationSlug", "Not a slug.")
            .When(OnlineUrl is not null && !Text.IsWebUrl(OnlineUrl), "onlineUrl", "An absolute http(s) URL of at most 2000 characters.")
            .When(Format is "online" or "hybrid" && OnlineUrl is null, "onlineUrl", "Online and hybrid events need an online link.")
            .When(Format is "in-person" or "hybrid" && Venue is null, "venue", "In-person and hybrid events need a venue.");

        if (Venue is not null)
        {
            errors.Required("venue.name", Venue.Name, MaxTitleLength)
                .MaxLength("venue.address", Venue.Address, MaxTitleLength)
                .Required("venue.city", Venue.City, 100)
                .MaxLength("venue.region", Venue.Region, 100)
                .OneOf("venue.country", Venue.Country, Countries.Codes);
        }

        var zone = EventTimes.Zone(TimeZone);
        errors.When(zone is null, "timeZone", "An IANA time zone such as America/New_York.");
        var starts = EventTimes.ParseLocal(StartsAt);
        var ends = EventTimes.ParseLocal(EndsAt);
        errors.When(starts is null, "startsAt", "A local date and time such as 2026-05-01T18:30, without an offset.")
            .When(ends is null, "endsAt", "A local date and time such as 2026-05-01T20:00, without an offset.");
        if (zone is null || starts is null || ends is null)
        {
            return (errors, null);
        }

        var schedule = new EventSchedule(starts.Value, ends.Value, zone.Id, EventTimes.ToUtc(starts.Value, zone), EventTimes.ToUtc(ends.Value, zone));
        errors.When(schedule.EndsAtUtc <= schedule.StartsAtUtc, "endsAt", "The end must be after the start.")
            .When(schedule.StartsAtUtc <= now, "startsAt", "The start must be in the future.");
        return (errors, errors.IsValid ? schedule : null);
    }
}

public sealed record EventSchedule(LocalDateTime StartsLocal, LocalDateTime EndsLocal, string TimeZone, DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc);
