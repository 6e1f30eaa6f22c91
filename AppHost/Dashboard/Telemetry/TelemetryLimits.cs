using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.AppHost.Dashboard.Telemetry;

/// <summary>How much telemetry the dashboard keeps in memory (<c>Dashboard__MaxSpans</c> …); the oldest goes first.</summary>
public sealed class TelemetryLimits
{
    public const string Section = "Dashboard";

    [Range(1, 10_000_000)]
    public int MaxSpans { get; set; } = 20_000;

    [Range(1, 10_000_000)]
    public int MaxLogs { get; set; } = 20_000;

    [Range(1, 10_000_000)]
    public int MaxMetricPoints { get; set; } = 100_000;
}
