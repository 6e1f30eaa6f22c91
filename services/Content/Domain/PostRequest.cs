using System.Text.RegularExpressions;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Content.Domain;

/// <summary>The body of <c>POST /api/content/posts</c> (a new draft) and <c>PUT /api/content/posts/{slug}</c> (admin).</summary>
public sealed partial record PostRequest(string? Kind, string? Title, string? Summary, string? Body, string[]? Tags, string? Slug, string? Author)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "news", "trend", "blog", "research", "press", "idea",
    };

    public FieldErrors Validate() => new FieldErrors()
        .OneOf("kind", Kind, Kinds)
        .Required("title", Title, 200)
        .When(PlainText.HasControlCharacters(Title), "title", "Control characters are not allowed.")
        .Required("summary", Summary, 500)
        .When(PlainText.HasControlCharacters(Summary), "summary", "Control characters are not allowed.")
        .Required("body", Body, 100_000)
        .Required("author", Author, 100)
        .When(Author is not null && (Author.Contains('@', StringComparison.Ordinal) || PlainText.HasControlCharacters(Author)), "author", "A name, never an email address.")
        .When(Slug is not null && (Slug.Length > 80 || !SlugPattern().IsMatch(Slug)), "slug", "Lowercase letters, digits and single dashes, at most 80 characters.")
        .When(Tags is { Length: > 10 }, "tags", "At most 10 tags.")
        .When(Tags is not null && Tags.Any(t => t is null || t.Length > 40 || !SlugPattern().IsMatch(t)), "tags", "Tags are lowercase words joined by dashes, at most 40 characters.");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex SlugPattern();
}

/// <summary>The body of <c>POST /api/content/posts/{slug}/publish</c>: now, or at <c>publishAt</c>.</summary>
public sealed record PublishRequest(DateTimeOffset? PublishAt);
