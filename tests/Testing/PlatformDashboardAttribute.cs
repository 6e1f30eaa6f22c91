namespace FlexPlatform.Testing;

/// <summary>
/// Marks a test assembly whose platform runs Aspire's dashboard (and so receives every service's
/// telemetry over OTLP); the others run without it, as Aspire.Hosting.Testing does by default.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class PlatformDashboardAttribute : Attribute;
