using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.Gateway;

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Writes (pledges, applications) one client may make per minute, after the burst.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerMinute { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int WritesBurst { get; set; } = 30;

    /// <summary>Public reads one client may make per minute after the burst: generous, a page polling many times a second is fine.</summary>
    [Range(1, 100_000_000)]
    public int ReadsPerMinute { get; set; } = 3_000;

    [Range(1, 100_000_000)]
    public int ReadsBurst { get; set; } = 600;

    /// <summary>
    /// Requests one client may make to the staff console per minute (its pages, and its forms: a moderator working
    /// through a queue from the keyboard posts far more than a visitor). Sign-in mail is limited per address besides.
    /// </summary>
    [Range(1, 1_000_000)]
    public int StaffConsolePerMinute { get; set; } = 600;

    /// <summary>Live streams one client may hold open at once (a household behind one address opens a few).</summary>
    [Range(1, 1_000_000)]
    public int StreamsPerClient { get; set; } = 20;

    /// <summary>
    /// Origins of browser clients allowed to call the API cross-origin; none unless configured (the site itself is
    /// same-origin). Development adds a local front-end's; a deployment names its own (<c>Gateway__AllowedOrigins__0</c>).
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
