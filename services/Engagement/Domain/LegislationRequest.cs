using System.Text.RegularExpressions;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Engagement.Domain;

public static partial class Legislation
{
    public static readonly IReadOnlySet<string> Stages = new HashSet<string>(StringComparer.Ordinal)
    {
        "introduced", "in-committee", "passed-one-chamber", "passed-both", "signed", "vetoed", "failed",
    };

    public static readonly IReadOnlySet<string> Positions = new HashSet<string>(StringComparer.Ordinal) { "support", "oppose", "watching" };

    /// <summary>ISO 3166-1 alpha-2 ("US") or an ISO 3166-2 subdivision of a real country ("US-CA").</summary>
    public static bool IsJurisdiction(string? value) =>
        value is not null && JurisdictionPattern().IsMatch(value) && Countries.Codes.Contains(value[..2]);

    [GeneratedRegex("^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    private static partial Regex JurisdictionPattern();
}

/// <summary>The body of <c>POST /api/engagement/legislation</c>.</summary>
public sealed record LegislationRequest(string? Title, string? Jurisdiction, string? BillNumber, string? Summary, string? Position, string? Url, string? Stage)
{
    public FieldErrors Validate() => new FieldErrors()
        .Required("title", Title, EventRequest.MaxTitleLength)
        .When(!Legislation.IsJurisdiction(Jurisdiction), "jurisdiction", "An ISO 3166-1 or 3166-2 code such as US, US-CA or GB.")
        .Required("billNumber", BillNumber, 50)
        .When(Text.HasControlCharacters(BillNumber), "billNumber", "Control characters are not allowed.")
        .Required("summary", Summary, EventRequest.MaxSummaryLength * 4)
        .OneOf("position", Position, Legislation.Positions)
        .When(Url is not null && !Text.IsWebUrl(Url), "url", "An absolute http(s) URL of at most 2000 characters.")
        .OneOf("stage", Stage, Legislation.Stages);
}

/// <summary>The body of <c>POST /api/engagement/legislation/{slug}/actions</c>.</summary>
public sealed record LegislationActionRequest(string? Stage, string? Note, DateOnly? OccurredOn)
{
    public FieldErrors Validate(DateTimeOffset now) => new FieldErrors()
        .OneOf("stage", Stage, Legislation.Stages)
        .Required("note", Note, 2000)
        .When(OccurredOn is null, "occurredOn", "The date it happened, such as 2026-03-01.")
        .When(OccurredOn is { } on && on > DateOnly.FromDateTime(now.UtcDateTime.AddDays(1)), "occurredOn", "Cannot be in the future.");
}

/// <summary>The body of <c>POST /api/engagement/ideas</c>.</summary>
public sealed record IdeaRequest(string? Title, string? Summary, string? Body, int? Position)
{
    public FieldErrors Validate() => new FieldErrors()
        .Required("title", Title, EventRequest.MaxTitleLength)
        .Required("summary", Summary, EventRequest.MaxSummaryLength)
        .Required("body", Body, EventRequest.MaxDescriptionLength)
        .When(Position is < 0 or > 100_000, "position", "Between 0 and 100000.");
}
