using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.ServiceDefaults.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Names this service's durable queues ("engagement" gives engagement-pledge-confirmed); never change it casually.</summary>
    public string QueuePrefix { get; set; } = "";

    /// <summary>Tries for a failure that is not a dependency outage, before the message goes to its _error queue.</summary>
    [Range(0, 100)]
    public int PermanentFailureRetries { get; set; } = 5;

    /// <summary>The longest pause between retries while a dependency is away.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxTransientRetryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long handled message ids stay in the inbox: longer than any redelivery can take.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan InboxCleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
