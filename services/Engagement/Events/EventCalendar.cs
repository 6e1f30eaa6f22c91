using FlexPlatform.Engagement.Data;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace FlexPlatform.Engagement.Events;

/// <summary>
/// RFC 5545 calendars: a stable UID per event, local times with their TZID (and the VTIMEZONE that
/// defines it), SEQUENCE rising with each change, STATUS:CANCELLED once cancelled. The online link
/// stays out: calendars are public.
/// </summary>
public static class EventCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Serialize(IEnumerable<EventRow> events, string publicBaseUrl, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = "-//1 Million for Work Flexibility//Engagement//EN" };
        calendar.AddProperty("X-WR-CALNAME", "1 Million for Work Flexibility: events");
        foreach (var zone in events.Select(e => e.TimeZone).Distinct(StringComparer.Ordinal))
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone));
        }

        foreach (var e in events)
        {
            calendar.Events.Add(ToEvent(e, publicBaseUrl, now));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent ToEvent(EventRow e, string publicBaseUrl, DateTimeOffset now)
    {
        var location = string.Join(", ", new[] { e.VenueName, e.VenueAddress, e.City, e.Region, e.Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var item = new CalendarEvent
        {
            Uid = $"{e.Id}@engagement.1millionforworkflexibility.org",
            Summary = e.Title,
            Description = e.Summary,
            DtStart = new CalDateTime(e.StartsLocal, e.TimeZone),
            DtEnd = new CalDateTime(e.EndsLocal, e.TimeZone),
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            Sequence = e.Sequence,
            Status = e.Status == "cancelled" ? EventStatus.Cancelled : EventStatus.Confirmed,
            Url = new Uri($"{publicBaseUrl.TrimEnd('/')}/events/{e.Slug}"),
        };
        if (location.Length > 0)
        {
            item.Location = location;
        }

        return item;
    }
}
