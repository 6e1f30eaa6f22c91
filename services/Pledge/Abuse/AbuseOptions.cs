namespace FlexPlatform.Pledge.Abuse;

/// <summary>The pledge's own abuse limits; the per-email limit (<c>Abuse:*</c>) is the service defaults' <c>EmailRateLimit</c>.</summary>
public static class AbuseOptions
{
    /// <summary>Largest pledge body accepted, in bytes. The gateway's limit is wider; this one is the pledge's own.</summary>
    public const long MaxPledgeBodyBytes = 16 * 1024;
}
