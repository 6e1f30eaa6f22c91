namespace FlexPlatform.Web.Api;

// The public API's shapes (../shared/API.md), as the web client reads them.

public sealed record Count(long Total, long Goal);

public sealed record RecentSupporter(string DisplayName, string Place, DateTimeOffset PledgedAt);

public sealed record Milestone(long Threshold, DateTimeOffset ReachedAt);

public sealed record Confirmed(Guid SupporterId, string ReferralCode);

public sealed record Referrals(string ReferralCode, long ConfirmedReferrals);

public sealed record ManagedPledge(string Status, string FirstName, string LastName, string Country, string? Region, DateTimeOffset PledgedAt);

public sealed record PledgeForm(
    string? FirstName, string? LastName, string? Email, string? Country, string? Region, string? PostalCode,
    string[]? Personas, string[]? Flexibility, string? Why, bool ConsentToUpdates, bool ListPublicly,
    string? ReferralCode, string? OrganizationCode, string? Website);

public sealed record Member(string Slug, string Name, string Kind, string Country, string Website, string Statement, long Supporters, bool Featured);

public sealed record CoalitionStats(long Members, Dictionary<string, long> ByKind, Dictionary<string, long> ByCountry, long Supporters);

public sealed record ApplicationForm(string? Name, string? Kind, string? Website, string? Country, string? Statement, string? ContactName, string? ContactEmail, string? Homepage);

public sealed record PostSummary(string Slug, string Kind, string Title, string Summary, DateTimeOffset? PublishedAt, string[] Tags);

public sealed record Post(string Slug, string Kind, string Title, string Summary, DateTimeOffset? PublishedAt, string[] Tags, string Author, string Html);

public sealed record Comment(Guid Id, string DisplayName, string Html, DateTimeOffset PublishedAt);

public sealed record StorySummary(string Slug, string Title, string Excerpt, string AuthorDisplayName, string? Place, DateTimeOffset PublishedAt);

public sealed record Story(string Slug, string Title, string AuthorDisplayName, string? Place, DateTimeOffset PublishedAt, string Html);

public sealed record EventSummary(
    string Slug, string Title, string Summary, string Format, DateTime StartsAt, DateTime EndsAt, string TimeZone,
    DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc, string? City, string? Region, string? Country,
    int? Capacity, int Registered, int Waitlisted, bool IsFull, string Status);

public sealed record EventDetail(
    string Slug, string Title, string Summary, string Format, DateTime StartsAt, DateTime EndsAt, string TimeZone,
    DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc, string? City, string? Region, string? Country,
    int? Capacity, int Registered, int Waitlisted, bool IsFull, string Status, string Html, Venue? Venue);

public sealed record Venue(string? Name, string? Address, string? City, string? Region, string? Country);

public sealed record PetitionSummary(string Slug, string Title, string Summary, string Target, long Goal, long Signatures, string State, DateTimeOffset ClosesAt);

public sealed record PetitionDetail(
    string Slug, string Title, string Summary, string Target, long Goal, long Signatures, string State, DateTimeOffset ClosesAt,
    string Html, Dictionary<string, long>? ByCountry, Dictionary<string, long>? ByRegion);

public sealed record Bill(string Slug, string Title, string Jurisdiction, string BillNumber, string Stage, string Position, string Summary, DateTimeOffset UpdatedAt);

public sealed record BillDetail(
    string Slug, string Title, string Jurisdiction, string BillNumber, string Stage, string Position, string Summary, DateTimeOffset UpdatedAt,
    string? Url, BillAction[] Actions, PetitionSummary[]? Petitions, EventSummary[]? Events);

public sealed record BillAction(string Stage, string Note, DateOnly OccurredOn);

public sealed record Idea(string Slug, string Title, string Summary, string Html);

