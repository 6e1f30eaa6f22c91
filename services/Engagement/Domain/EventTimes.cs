using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace FlexPlatform.Engagement.Domain;

/// <summary>Wall-clock times in an IANA zone, turned into instants with the tz database (NodaTime).</summary>
public static class EventTimes
{
    private static readonly LocalDateTimePattern Minutes = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly LocalDateTimePattern Wire = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    public static DateTimeZone? Zone(string? id) => string.IsNullOrWhiteSpace(id) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    /// <summary>"2026-05-01T18:30" or with seconds; an offset or "Z" is refused: the zone says where.</summary>
    public static LocalDateTime? ParseLocal(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }

        var minutes = Minutes.Parse(text);
        if (minutes.Success)
        {
            return minutes.Value;
        }

        var iso = LocalDateTimePattern.ExtendedIso.Parse(text);
        return iso.Success ? iso.Value : null;
    }

    /// <summary>
    /// The instant a wall-clock time means in a zone. A time skipped by a DST change moves forward by the gap,
    /// an ambiguous one takes the earlier instant, as calendar clients do.
    /// </summary>
    public static DateTimeOffset ToUtc(LocalDateTime local, DateTimeZone zone) =>
        zone.AtLeniently(local).ToInstant().ToDateTimeOffset();

    public static string Format(LocalDateTime local) => Wire.Format(local);

    public static string Format(DateTime local) => Format(LocalDateTime.FromDateTime(local));

    public static DateTime ToDateTime(LocalDateTime local) => local.ToDateTimeUnspecified();

    public static string Describe(DateTime local, string zone) =>
        local.ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture) + " (" + zone + ")";
}
