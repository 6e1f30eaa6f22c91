using System.Text;

namespace FlexPlatform.Domain.Text;

/// <summary>Text as people meant it: control characters (other than line breaks and tabs) and bidi overrides removed, line ends unified.</summary>
public static class PlainText
{
    public static string Clean(string text)
    {
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (c is '\n' or '\t' || (!char.IsControl(c) && !IsBidiControl(c)))
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString().Trim();
    }

    public static bool HasControlCharacters(string? text) =>
        text is not null && text.Any(c => (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || IsBidiControl(c));

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F';
}
