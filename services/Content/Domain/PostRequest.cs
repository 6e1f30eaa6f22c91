using System.Text.RegularExpressions;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Content.Domain;

/// <summary>The body of <c>POST /api/content/posts</c> (admin): a new draft.</summary>
public sealed record PostRequest(string? Kind, string? Title, string? Summary, string? Body, string[]? Tags, string? Slug, string? Author)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "blog", "news", "trend", "story", "idea",
    };

    private static readonly Regex SlugPattern = new("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.Compiled);
    private static readonly Regex TagPattern = new("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.Compiled);

    public FieldErrors Validate() => new FieldErrors()
        .OneOf("kind", Kind, Kinds)
        .Required("title", Title, 200)
        .Required("summary", Summary, 500)
        .Required("body", Body, 100_000)
        .Required("author", Author, 100)
        .When(Slug is not null && (Slug.Length > 80 || !SlugPattern.IsMatch(Slug)), "slug", "Lowercase letters, digits and single dashes, at most 80 characters.")
        .When(Tags is { Length: > 10 }, "tags", "At most 10 tags.")
        .When(Tags is not null && Tags.Any(t => t is null || t.Length > 40 || !TagPattern.IsMatch(t)), "tags", "Tags are lowercase words joined by dashes, at most 40 characters.");
}
