using Microsoft.Extensions.Configuration;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// What differs between a developer's run, a test run and the benchmark, read from the AppHost's
/// configuration (<c>--replicas 2</c>, or <c>Platform:*</c> settings the tests pass as arguments).
/// </summary>
public sealed record PlatformSettings
{
    public const int DefaultGatewayPort = 8080;

    /// <summary>Where the servers keep their data: <c>.flex/data</c> in the checkout, kept across runs.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The gateway's port, not behind DCP's proxy: the public door and the benchmark's target.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>Processes of each scaled-out service (Pledge, Engagement).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>PostgreSQL without fsync: tests only, never the benchmark or a developer's data.</summary>
    public bool FastUnsafeDurability { get; init; }

    /// <summary>RabbitMQ's management plugin and UI (a slower start; the benchmark reads its queues).</summary>
    public bool RabbitMqManagement { get; init; }

    /// <summary>
    /// Services keep mail in their dev mailboxes (readable at <c>/api/dev/mailbox</c>) instead of sending it:
    /// on in the AppHost's launch profile and in tests, never in published manifests.
    /// </summary>
    public bool DevMailbox { get; init; }

    public static PlatformSettings From(IConfiguration configuration)
    {
        var root = FindRepositoryRoot();
        var settings = new PlatformSettings
        {
            DataDirectory = Path.GetFullPath(configuration["Platform:DataDirectory"] ?? Path.Combine(root, ".flex", "data"), root),
            GatewayPort = configuration.GetValue("Platform:GatewayPort", DefaultGatewayPort),
            Replicas = configuration.GetValue("replicas", configuration.GetValue("Platform:Replicas", 1)),
            FastUnsafeDurability = configuration.GetValue("Platform:FastUnsafeDurability", false),
            RabbitMqManagement = configuration.GetValue("Platform:RabbitMqManagement", false),
            DevMailbox = configuration.GetValue("Platform:DevMailbox", false),
        };
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Replicas, 1, "replicas");
        return settings;
    }

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
}
