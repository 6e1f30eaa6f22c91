namespace FlexPlatform.Engagement.Domain;

/// <summary>A petition takes signatures until it closes; once closed it succeeded if it reached its goal.</summary>
public static class Petition
{
    public static bool IsOpen(DateTimeOffset closesAt, DateTimeOffset now) => closesAt > now;

    /// <summary>"open", then "successful" or "closed".</summary>
    public static string State(DateTimeOffset closesAt, bool goalReached, DateTimeOffset now) =>
        IsOpen(closesAt, now) ? "open" : goalReached ? "successful" : "closed";
}
