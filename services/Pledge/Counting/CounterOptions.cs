using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.Pledge.Counting;

public sealed class CounterOptions
{
    public const string Section = "Counter";

    public const long Goal = 1_000_000;

    /// <summary>How often Redis is re-set from PostgreSQL, which bounds how long a missed increment lasts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>With Redis down, how long a total read from PostgreSQL is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FallbackCacheDuration { get; set; } = TimeSpan.FromSeconds(1);
}
