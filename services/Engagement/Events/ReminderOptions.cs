using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.Engagement.Events;

public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>How long before an event its attendees are reminded.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "7.00:00:00")]
    public TimeSpan Ahead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often due reminders are looked for; a reminder goes out at most this late.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
