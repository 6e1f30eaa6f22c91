using System.Globalization;

namespace FlexPlatform.Web.Pages;

/// <summary>The console's date-and-time fields (<c>datetime-local</c>), which take UTC: their value text and the instant they name.</summary>
public static class UtcInputs
{
    public static string? Value(DateTime? at, bool seconds = true) =>
        at?.ToString(seconds ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public static DateTimeOffset Instant(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    public static DateTimeOffset? Instant(DateTime? at) => at is { } value ? Instant(value) : null;
}
