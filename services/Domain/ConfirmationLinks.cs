namespace FlexPlatform.Domain;

/// <summary>
/// The mailed link that confirms a pledge, an RSVP or a signature: how long it works, and how often asking again
/// mails a new one (asking again sooner changes nothing and says nothing).
/// </summary>
public static class ConfirmationLinks
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public static readonly TimeSpan ResendThrottle = TimeSpan.FromMinutes(5);
}
