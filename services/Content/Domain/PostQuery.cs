using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Content.Domain;

/// <summary>Filters and page of <c>GET /api/content/posts</c>; <c>q</c> is full-text search over published posts.</summary>
public sealed record PostQuery(string? Kind, string? Tag, string? Q, int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public FieldErrors Validate() => new FieldErrors()
        .When(Kind is not null && !PostRequest.Kinds.Contains(Kind), "kind", "Must be one of: " + string.Join(", ", PostRequest.Kinds.Order()) + ".")
        .When(Tag is not null && (Tag.Length > 40 || !PostRequest.SlugPattern().IsMatch(Tag)), "tag", "A lowercase tag of at most 40 characters.")
        .MaxLength("q", Q, 200)
        .When(Page < 1 || Page > 10_000, "page", "A page number from 1 to 10000.")
        .When(PageSize < 1 || PageSize > MaxPageSize, "pageSize", $"From 1 to {MaxPageSize}.");

    public string? SearchText => string.IsNullOrWhiteSpace(Q) ? null : PlainText.Clean(Q);

    public int Offset => (Page - 1) * PageSize;
}
