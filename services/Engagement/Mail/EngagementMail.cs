using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Domain;
using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Engagement.Mail;

/// <summary>Every mail Engagement sends. Links point at the web client's pages, which POST the token.</summary>
public static class EngagementMail
{
    public static MailMessage ConfirmRsvp(MailOptions options, string to, string firstName, EventRow e, string confirmToken, string cancelToken) => new(
        to,
        $"Confirm your place: {e.Title}",
        $"""
        Hi {firstName},

        Confirm your RSVP for "{e.Title}" on {When(e)}:

        {Site(options)}/rsvp?token={confirmToken}

        Can't make it after all? This private link cancels your place and hands it to the next person waiting:

        {Site(options)}/rsvp/cancel?token={cancelToken}

        If you did not ask for this, ignore this mail and nothing happens.
        """);

    public static MailMessage Registered(MailOptions options, string to, string firstName, EventRow e, bool fromWaitlist) => new(
        to,
        fromWaitlist ? $"A place opened up: you are registered for {e.Title}" : $"You are registered for {e.Title}",
        $"""
        Hi {firstName},

        {(fromWaitlist ? "A place opened up and it is yours: you" : "You")} are registered for "{e.Title}" on {When(e)}.
        {Where(e)}
        Calendar: {Site(options)}/api/engagement/events/{e.Slug}/calendar.ics
        """);

    public static MailMessage Changed(MailOptions options, string to, string firstName, EventRow e) => new(
        to,
        $"Changed: {e.Title}",
        $"""
        Hi {firstName},

        "{e.Title}" has changed. It now takes place on {When(e)}.
        {Where(e)}
        Updated calendar: {Site(options)}/api/engagement/events/{e.Slug}/calendar.ics
        """);

    public static MailMessage Cancelled(string to, string firstName, EventRow e, string reason) => new(
        to,
        $"Cancelled: {e.Title}",
        $"""
        Hi {firstName},

        "{e.Title}" on {When(e)} has been cancelled.

        {reason}
        """);

    public static MailMessage Reminder(MailOptions options, string to, string firstName, EventRow e) => new(
        to,
        $"Tomorrow: {e.Title}",
        $"""
        Hi {firstName},

        A reminder: "{e.Title}" is on {When(e)}.
        {Where(e)}
        Calendar: {Site(options)}/api/engagement/events/{e.Slug}/calendar.ics
        """);

    public static MailMessage ConfirmSignature(MailOptions options, string to, string firstName, string petitionTitle, string confirmToken) => new(
        to,
        $"Confirm your signature: {petitionTitle}",
        $"""
        Hi {firstName},

        Your signature on "{petitionTitle}" counts once you confirm it:

        {Site(options)}/sign?token={confirmToken}

        If you did not sign, ignore this mail and nothing will be counted.
        """);

    // Only registered attendees receive these mails, so they may carry the online link.
    private static string Where(EventRow e)
    {
        var lines = new List<string>();
        if (e.VenueName is not null)
        {
            lines.Add($"Venue: {e.VenueName}, {e.VenueAddress}, {e.City}");
        }

        if (e.OnlineUrl is not null)
        {
            lines.Add($"Join online: {e.OnlineUrl}");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string When(EventRow e) => EventTimes.Describe(e.StartsLocal, e.TimeZone);

    private static string Site(MailOptions options) => options.PublicBaseUrl.TrimEnd('/');
}
