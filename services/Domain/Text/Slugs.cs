using System.Globalization;
using System.Text;

namespace FlexPlatform.Domain.Text;

public static class Slugs
{
    /// <summary>"Acme & Söhne, Inc." → "acme-sohne-inc": lowercase ASCII letters and digits joined by single dashes.</summary>
    public static string From(string text, string fallback, int maxLength = 60)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? fallback : result[..Math.Min(result.Length, maxLength)].TrimEnd('-');
    }
}
