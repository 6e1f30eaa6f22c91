using System.Text.RegularExpressions;

namespace FlexPlatform.Engagement.Domain;

/// <summary>Small checks shared by the request records.</summary>
public static partial class Text
{
    public static bool IsSlug(string value) => value.Length <= 100 && SlugPattern().IsMatch(value);

    public static bool IsWebUrl(string value) =>
        value.Length <= 2000 && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public static bool HasControlCharacters(string? value) => value is not null && value.Any(char.IsControl);

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
