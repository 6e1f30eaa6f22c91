using System.Globalization;

namespace FlexPlatform.Web.Pages;

/// <summary>
/// A count shown to people with the noun that agrees with it: "1 supporter", "0 supporters", "2,000 supporters".
/// Live counters carry both forms in <c>data-one</c>/<c>data-other</c> so the page's script keeps them agreeing.
/// </summary>
public static class Counts
{
    public static string Noun(long count, string one, string other) => count == 1 ? one : other;

    public static string Of(long count, string one, string other) =>
        $"{count.ToString("N0", CultureInfo.CurrentCulture)} {Noun(count, one, other)}";
}
