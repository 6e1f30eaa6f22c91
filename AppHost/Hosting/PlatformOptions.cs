using System.Reflection;

namespace FlexPlatform.AppHost.Hosting;

/// <summary>How a platform run is set up: a developer's local run, or a test run.</summary>
public sealed record PlatformOptions
{
    /// <summary>The folder holding FlexPlatform.sln; project paths are relative to it.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Where servers keep their data; a local run keeps it across restarts.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Use the well-known ports a model asks for (gateway 8080); otherwise every port is free-picked.</summary>
    public bool UseFixedPorts { get; init; }

    /// <summary>Dashboard port, or null for no dashboard (and no telemetry export).</summary>
    public int? DashboardPort { get; init; }

    /// <summary>Where the dashboard receives OTLP/gRPC from every service (Aspire's dashboard uses 18889 too).</summary>
    public int DashboardOtlpPort { get; init; } = 18889;

    /// <summary>Trade PostgreSQL durability against machine crashes for speed (fsync off); tests only, never benchmarks.</summary>
    public bool FastUnsafeDurability { get; init; }

    /// <summary>Echo service logs to the console, prefixed by resource name.</summary>
    public bool EchoLogs { get; init; } = true;

    /// <summary>Start a crashed server or service again with backoff, as an orchestrator's restart policy does.</summary>
    public bool RestartCrashed { get; init; } = true;

    /// <summary>RabbitMQ's management UI (slower start; handy locally).</summary>
    public bool RabbitMqManagement { get; init; }

    /// <summary>Processes of each scaled-out service (Pledge, Engagement); <c>--replicas 2</c> locally, 1 by default.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>The build configuration whose service binaries are started (this AppHost's own).</summary>
    public string Configuration { get; init; } = ThisConfiguration();

    public static PlatformOptions ForLocalRun(string[] args)
    {
        var root = FindRepositoryRoot();
        return new PlatformOptions
        {
            RepositoryRoot = root,
            DataDirectory = Path.Combine(root, ".flex", "data"),
            UseFixedPorts = true,
            DashboardPort = args.Contains("--no-dashboard") ? null : 18888,
            RabbitMqManagement = args.Contains("--rabbitmq-management"),
            Replicas = args.SkipWhile(a => a != "--replicas").Skip(1).FirstOrDefault() is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 1,
        };
    }

    public static PlatformOptions ForTests(string dataDirectory) => new()
    {
        RepositoryRoot = FindRepositoryRoot(),
        DataDirectory = dataDirectory,
        FastUnsafeDurability = true,
        EchoLogs = false,
    };

    /// <summary>These options with a dashboard on free ports, receiving every service's telemetry.</summary>
    public PlatformOptions WithDashboardOnFreePorts() =>
        this with { DashboardPort = PortAllocator.GetFreePort(), DashboardOtlpPort = PortAllocator.GetFreePort() };

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlexPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FlexPlatform.sln not found above " + AppContext.BaseDirectory);
    }

    private static string ThisConfiguration() =>
        typeof(PlatformOptions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
