using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Engagement.Domain;

/// <summary>The body of <c>POST /api/engagement/petitions</c>.</summary>
public sealed record PetitionRequest(
    string? Title, string? Summary, string? Body, string? Target, long? Goal, DateTimeOffset? ClosesAt, string? LegislationSlug)
{
    public const long MaxGoal = 100_000_000;

    public FieldErrors Validate(DateTimeOffset now) => new FieldErrors()
        .Required("title", Title, EventRequest.MaxTitleLength)
        .Required("summary", Summary, EventRequest.MaxSummaryLength)
        .Required("body", Body, EventRequest.MaxDescriptionLength)
        .Required("target", Target, EventRequest.MaxTitleLength)
        .When(Goal is null or < 1 or > MaxGoal, "goal", $"A number of signatures between 1 and {MaxGoal}.")
        .When(ClosesAt is null, "closesAt", "When signing closes, with its offset (ISO 8601).")
        .When(ClosesAt is { } closes && closes <= now, "closesAt", "Must be in the future.")
        .When(LegislationSlug is not null && !Text.IsSlug(LegislationSlug), "legislationSlug", "Not a slug.");
}

/// <summary>
/// The body of <c>POST /api/engagement/petitions/{slug}/invalidations</c>: exactly one way to pick signatures,
/// by email domain, by signing time window, or one by one.
/// </summary>
/// <c>SignedUpTo</c> narrows any of them to signatures made up to that instant: a preview's <c>asOf</c>, so the
/// invalidation takes exactly what was previewed, not what came in since.
public sealed record InvalidationRequest(string? EmailDomain, DateTimeOffset? From, DateTimeOffset? To, Guid[]? SignatureIds, DateTimeOffset? SignedUpTo = null)
{
    public FieldErrors Validate()
    {
        var ways = (EmailDomain is null ? 0 : 1) + (From is null && To is null ? 0 : 1) + (SignatureIds is null ? 0 : 1);
        return new FieldErrors()
            .When(ways != 1, "body", "Give exactly one of emailDomain, from/to or signatureIds.")
            .When(EmailDomain is not null && (EmailDomain.Length is < 3 or > 253 || !EmailDomain.Contains('.', StringComparison.Ordinal) || EmailDomain.Contains('@', StringComparison.Ordinal)),
                "emailDomain", "A domain such as example.org.")
            .When((From is null) != (To is null), From is null ? "from" : "to", "A window needs both from and to.")
            .When(From is { } from && To is { } to && to <= from, "to", "Must be after from.")
            .When(SignatureIds is { Length: 0 or > 1000 }, "signatureIds", "Between 1 and 1000 ids.");
    }
}
