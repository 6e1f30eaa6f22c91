using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.Pledge.Abuse;

public sealed class AbuseOptions
{
    public const string Section = "Abuse";

    /// <summary>Pledge submissions one email address may make per window, whoever sends them.</summary>
    [Range(1, 1_000_000)]
    public int SubmissionsPerEmail { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan EmailWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest pledge body accepted, in bytes. The gateway's limit is wider; this one is the pledge's own.</summary>
    public const long MaxPledgeBodyBytes = 16 * 1024;
}
