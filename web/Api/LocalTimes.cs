using System.Globalization;

namespace FlexPlatform.Web.Api;

// The API gives an event's wall-clock times as ISO strings without an offset (they are in the event's own time zone):
// read them as unzoned DateTimes for display.

public partial class EventSummary
{
    public DateTime StartsLocal => DateTime.Parse(StartsAt, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public DateTime EndsLocal => DateTime.Parse(EndsAt, CultureInfo.InvariantCulture, DateTimeStyles.None);
}

public partial class EventDetail
{
    public DateTime StartsLocal => DateTime.Parse(StartsAt, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public DateTime EndsLocal => DateTime.Parse(EndsAt, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
