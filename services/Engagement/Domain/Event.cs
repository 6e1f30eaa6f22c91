namespace FlexPlatform.Engagement.Domain;

/// <summary>An event as its rules see it: its status, when it runs and how its seats stand.</summary>
public sealed record Event(string Status, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? Capacity, long Registered, long Waitlisted)
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";

    /// <summary>A cancelled event is final: it is neither edited nor cancelled again.</summary>
    public bool IsCancelled => Status == Cancelled;

    /// <summary>Full once every seat is taken or anyone is already waiting: newcomers queue behind them.</summary>
    public bool IsFull => Capacity is { } capacity && (Registered >= capacity || Waitlisted > 0);

    /// <summary>Answers and their confirmations are taken until the event is cancelled or over.</summary>
    public bool TakesAnswers(DateTimeOffset now) => !IsCancelled && EndsAt > now;

    /// <summary>Not cancelled and not yet started: a seat given up now is still worth passing on.</summary>
    public bool IsStillToCome(DateTimeOffset now) => !IsCancelled && StartsAt > now;
}
