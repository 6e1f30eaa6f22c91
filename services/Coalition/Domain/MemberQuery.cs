using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Coalition.Domain;

/// <summary>The filters and page of <c>GET /api/coalition/members</c>.</summary>
public sealed record MemberQuery(string? Kind, string? Country, string? Q, bool? Featured, int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public FieldErrors Validate() => new FieldErrors()
        .When(Kind is not null && !ApplicationRequest.Kinds.Contains(Kind), "kind", "Must be one of: " + string.Join(", ", ApplicationRequest.Kinds.Order()) + ".")
        .When(Country is not null && (Country.Length != 2 || !Country.All(char.IsAsciiLetterUpper)), "country", "An ISO 3166-1 alpha-2 code is expected.")
        .MaxLength("q", Q, 100)
        .When(Page < 1 || Page > 10_000, "page", "A page number from 1 to 10000.")
        .When(PageSize < 1 || PageSize > MaxPageSize, "pageSize", $"From 1 to {MaxPageSize}.");

    public string? SearchText => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();

    public int Offset => (Page - 1) * PageSize;
}
