using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.ServiceDefaults.Projections;

public sealed class ProjectionOptions
{
    public const string Section = "Projections";

    /// <summary>How often every projection is compared with its source (as e-petitions' count-repair job, hourly).</summary>
    public TimeSpan RepairInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Ids compared per digest: one round trip and one index range each.</summary>
    [Range(100, 10_000)]
    public int PageSize { get; set; } = 5_000;

    /// <summary>Rows younger than this may be ahead of the source's answer and are not judged yet.</summary>
    public TimeSpan Settled { get; set; } = TimeSpan.FromMinutes(1);
}
