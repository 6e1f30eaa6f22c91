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

    /// <summary>Origins of the web client allowed to call from a browser.</summary>
    public string[] AllowedOrigins { get; set; } = ["http://localhost:5173"];
}
