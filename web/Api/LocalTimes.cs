using System.Globalization;

namespace FlexPlatform.Web.Api;

/// <summary>
/// The API gives an event's wall-clock times as ISO strings without an offset (they are in the event's own time zone):
/// read as unzoned DateTimes for display.
/// </summary>
public static class LocalTimes
{
    public static DateTime Parse(string local) => DateTime.Parse(local, CultureInfo.InvariantCulture, DateTimeStyles.None);
}

public partial class EventSummary
{
    public DateTime StartsLocal => LocalTimes.Parse(StartsAt);

    public DateTime EndsLocal => LocalTimes.Parse(EndsAt);
}

public partial class EventDetail
{
    public DateTime StartsLocal => LocalTimes.Parse(StartsAt);

    public DateTime EndsLocal => LocalTimes.Parse(EndsAt);
}
