using FlexPlatform.Engagement.Domain;
using Xunit;

namespace FlexPlatform.Engagement.Tests;

public sealed class EventAndRsvpRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LinkGood = Now.AddDays(1);

    // Ten seats, three taken, nobody waiting, tomorrow evening.
    private static readonly Event Open = new(Event.Scheduled, Now.AddDays(1), Now.AddDays(1).AddHours(2), 10, 3, 0);

    [Theory]
    [InlineData(null, 500L, 0L, false)]
    [InlineData(10, 9L, 0L, false)]
    [InlineData(10, 10L, 0L, true)]
    [InlineData(10, 12L, 0L, true)]
    [InlineData(10, 3L, 1L, true)]
    public void Full_once_every_seat_is_taken_or_someone_waits(int? capacity, long registered, long waitlisted, bool full) =>
        Assert.Equal(full, (Open with { Capacity = capacity, Registered = registered, Waitlisted = waitlisted }).IsFull);

    [Fact]
    public void Answers_are_taken_until_the_event_is_cancelled_or_over()
    {
        Assert.True(Open.TakesAnswers(Now));
        // Started but not over: latecomers may still answer.
        Assert.True(Open.TakesAnswers(Open.StartsAt.AddMinutes(30)));
        Assert.False(Open.TakesAnswers(Open.EndsAt));
        Assert.False((Open with { Status = Event.Cancelled }).TakesAnswers(Now));
    }

    [Fact]
    public void A_seat_is_worth_passing_on_only_before_a_scheduled_event_starts()
    {
        Assert.True(Open.IsStillToCome(Now));
        Assert.False(Open.IsStillToCome(Open.StartsAt));
        Assert.False((Open with { Status = Event.Cancelled }).IsStillToCome(Now));
    }

    [Theory]
    [InlineData(Rsvp.Registered, RsvpConfirmation.AlreadyRegistered)]
    [InlineData(Rsvp.Waitlisted, RsvpConfirmation.AlreadyWaitlisted)]
    [InlineData(Rsvp.Cancelled, RsvpConfirmation.Cancelled)]
    public void A_settled_answer_stays_as_it_is_even_once_the_event_closed_or_the_link_expired(string status, RsvpConfirmation expected)
    {
        Assert.Equal(expected, Rsvp.Confirm(status, LinkGood, Open, Now));
        Assert.Equal(expected, Rsvp.Confirm(status, Now.AddDays(-1), Open with { Status = Event.Cancelled }, Now));
    }

    [Fact]
    public void A_pending_answer_takes_a_free_seat()
    {
        Assert.Equal(RsvpConfirmation.Register, Rsvp.Confirm("pending", LinkGood, Open, Now));
        Assert.Equal(RsvpConfirmation.Register, Rsvp.Confirm("pending", LinkGood, Open with { Capacity = null }, Now));
    }

    [Fact]
    public void A_pending_answer_queues_when_the_event_is_full_or_others_wait()
    {
        Assert.Equal(RsvpConfirmation.Waitlist, Rsvp.Confirm("pending", LinkGood, Open with { Registered = 10 }, Now));
        Assert.Equal(RsvpConfirmation.Waitlist, Rsvp.Confirm("pending", LinkGood, Open with { Waitlisted = 1 }, Now));
    }

    [Fact]
    public void A_pending_answer_to_a_cancelled_or_finished_event_is_refused_before_its_expiry_is_looked_at()
    {
        var expired = Now.AddMinutes(-1);

        Assert.Equal(RsvpConfirmation.EventClosed, Rsvp.Confirm("pending", expired, Open with { Status = Event.Cancelled }, Now));
        Assert.Equal(RsvpConfirmation.EventClosed, Rsvp.Confirm("pending", LinkGood, Open, Open.EndsAt.AddSeconds(1)));
    }

    [Fact]
    public void A_pending_answer_expires_at_the_end_of_its_link_lifetime()
    {
        Assert.Equal(RsvpConfirmation.Expired, Rsvp.Confirm("pending", Now, Open, Now));
        Assert.Equal(RsvpConfirmation.Register, Rsvp.Confirm("pending", Now.AddTicks(1), Open, Now));
    }
}
