namespace FlexPlatform.Engagement.Domain;

/// <summary>What confirming an RSVP comes to, decided before anything is written.</summary>
public enum RsvpConfirmation
{
    AlreadyRegistered,
    AlreadyWaitlisted,
    Cancelled,
    EventClosed,
    Expired,
    Register,
    Waitlist,
}

/// <summary>One person's answer to an event: pending until its mailed link is confirmed, then registered or waiting.</summary>
public static class Rsvp
{
    public const string Registered = "registered";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";

    /// <summary>
    /// A settled answer stays as it is, so confirming again changes nothing. A pending one, while its link is good
    /// and the event takes answers, takes a seat, or a place in the queue when the event is full.
    /// </summary>
    public static RsvpConfirmation Confirm(string status, DateTimeOffset expiresAt, Event e, DateTimeOffset now) => status switch
    {
        Registered => RsvpConfirmation.AlreadyRegistered,
        Waitlisted => RsvpConfirmation.AlreadyWaitlisted,
        Cancelled => RsvpConfirmation.Cancelled,
        _ when !e.TakesAnswers(now) => RsvpConfirmation.EventClosed,
        _ when expiresAt <= now => RsvpConfirmation.Expired,
        _ => e.IsFull ? RsvpConfirmation.Waitlist : RsvpConfirmation.Register,
    };
}
