using FlexPlatform.Engagement.Domain;
using NodaTime;
using Xunit;

namespace FlexPlatform.Engagement.Tests;

public sealed class EventRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static EventRequest Valid(string startsAt = "2026-07-04T18:00", string endsAt = "2026-07-04T20:00", string timeZone = "America/New_York") =>
        new("Meetup", "Plan together.", "Bring a **friend**.", "in-person", startsAt, endsAt, timeZone,
            new VenueRequest("Library", "1 Main St", "Boston", "MA", "US"), null, 30, null, null);

    [Fact]
    public void Valid_event_gets_its_utc_instants_from_the_zone_in_force_on_that_day()
    {
        var (errors, schedule) = Valid().Validate(Now);

        Assert.True(errors.IsValid);
        // Created in January (EST, UTC-5) for July (EDT, UTC-4): the daylight-saving change between
        // creation and the event does not move it; 18:00 local stays 18:00 local.
        Assert.Equal(new DateTimeOffset(2026, 7, 4, 22, 0, 0, TimeSpan.Zero), schedule!.StartsAtUtc);
        Assert.Equal(new LocalDateTime(2026, 7, 4, 18, 0), schedule.StartsLocal);
    }

    [Fact]
    public void Winter_event_in_the_same_zone_uses_the_standard_offset()
    {
        var (_, schedule) = Valid("2026-12-01T18:00", "2026-12-01T19:00").Validate(Now);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero), schedule!.StartsAtUtc);
    }

    [Fact]
    public void Event_spanning_the_autumn_change_lasts_its_real_duration()
    {
        // 2026-11-01 02:00 EDT falls back to 01:00 EST: midnight to 03:00 local is four hours.
        var (_, schedule) = Valid("2026-11-01T00:00", "2026-11-01T03:00").Validate(Now);

        Assert.Equal(TimeSpan.FromHours(4), schedule!.EndsAtUtc - schedule.StartsAtUtc);
    }

    [Theory]
    [InlineData("timeZone", "2026-07-04T18:00", "2026-07-04T20:00", "Mars/Olympus_Mons")]
    [InlineData("endsAt", "2026-07-04T18:00", "2026-07-04T17:00", "America/New_York")]
    [InlineData("startsAt", "2025-07-04T18:00", "2025-07-04T20:00", "America/New_York")]
    [InlineData("startsAt", "2026-07-04T18:00Z", "2026-07-04T20:00", "America/New_York")]
    [InlineData("startsAt", "next tuesday", "2026-07-04T20:00", "America/New_York")]
    public void Bad_times_are_refused_naming_the_field(string field, string startsAt, string endsAt, string timeZone)
    {
        var (errors, schedule) = Valid(startsAt, endsAt, timeZone).Validate(Now);

        Assert.Null(schedule);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void Online_events_need_a_link_and_in_person_ones_a_venue()
    {
        var online = Valid() with { Format = "online", Venue = null };
        var inPerson = Valid() with { Venue = null };
        var unknown = Valid() with { Format = "telepathic" };

        Assert.Contains("onlineUrl", online.Validate(Now).Errors.ToDictionary().Keys);
        Assert.Contains("venue", inPerson.Validate(Now).Errors.ToDictionary().Keys);
        Assert.Contains("format", unknown.Validate(Now).Errors.ToDictionary().Keys);
    }

    [Fact]
    public void Oversized_fields_and_bad_capacity_are_refused()
    {
        var request = Valid() with { Title = new string('x', 201), Capacity = 0, OnlineUrl = "javascript:alert(1)" };

        var keys = request.Validate(Now).Errors.ToDictionary().Keys;

        Assert.Contains("title", keys);
        Assert.Contains("capacity", keys);
        Assert.Contains("onlineUrl", keys);
    }
}
