namespace FlexPlatform.AppHost.Hosting;

/// <summary>
/// RabbitMQ from the OS packages, started from /usr/lib/rabbitmq/bin (not the system service) with
/// its own node name, ports, cookie home and epmd port, so it neither needs nor disturbs a system broker.
/// </summary>
public sealed class RabbitMqServer(string name, PlatformOptions options) : ProcessResource(name, options), IResourceWithConnectionString
{
    private const string Bin = "/usr/lib/rabbitmq/bin";

    public override string Kind => "RabbitMQ";

    public int Port { get; } = PortAllocator.GetFreePort();

    public int ManagementPort { get; } = PortAllocator.GetFreePort();

    private int EpmdPort { get; } = PortAllocator.GetFreePort();

    private int DistributionPort { get; } = PortAllocator.GetFreePort();

    public string ConnectionName => Name;

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public override IReadOnlyList<string> Endpoints => Options.RabbitMqManagement
        ? [$"amqp://127.0.0.1:{Port}", $"http://127.0.0.1:{ManagementPort} (management)"]
        : [$"amqp://127.0.0.1:{Port}"];

    protected override string LeftoverMarker => "rabbitmq";

    // The broker boots Erlang first; a cold start takes several seconds.
    protected override TimeSpan ReadyTimeout => TimeSpan.FromSeconds(120);

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await ServerPackages.EnsureInstalledAsync("rabbitmq-server", $"{Bin}/rabbitmq-server", Logs, cancellationToken);
        Directory.CreateDirectory(Path.Combine(DataPath, "home"));
        Directory.CreateDirectory(Path.Combine(DataPath, "log"));
        await File.WriteAllTextAsync(Path.Combine(DataPath, "rabbitmq.conf"), string.Join('\n',
        [
            $"listeners.tcp.default = 127.0.0.1:{Port}",
            "loopback_users.guest = true",
            "disk_free_limit.absolute = 50MB",
            "log.file = false",
            "log.console = true",
            "log.console.level = warning",
            $"management.tcp.port = {ManagementPort}",
            "management.tcp.ip = 127.0.0.1",
        ]) + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(DataPath, "enabled_plugins"),
            Options.RabbitMqManagement ? "[rabbitmq_management].\n" : "[].\n", cancellationToken);
    }

    protected override ProcessSpec CreateProcessSpec() => new($"{Bin}/rabbitmq-server", [])
    {
        WorkingDirectory = DataPath,
        Environment = BrokerEnvironment(),
    };

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        PortAllocator.IsListeningAsync(Port, cancellationToken);

    // SIGTERM makes the rabbitmq-server script run `rabbitmqctl stop`; epmd outlives the broker.
    protected override async Task AfterStopAsync()
    {
        var epmd = Directory.GetFiles("/usr/lib/erlang", "epmd", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains("/bin/", StringComparison.Ordinal));
        if (epmd is not null)
        {
            await CommandRunner.RunAsync(new ProcessSpec(epmd, ["-kill"]) { Environment = BrokerEnvironment() }, TimeSpan.FromSeconds(10));
        }
    }

    private Dictionary<string, string> BrokerEnvironment() => new()
    {
        ["HOME"] = Path.Combine(DataPath, "home"),
        ["RABBITMQ_NODENAME"] = "rabbit@localhost",
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
        ["ERL_EPMD_PORT"] = EpmdPort.ToString(),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(DataPath, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(DataPath, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(DataPath, "rabbitmq.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(DataPath, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
        ["RABBITMQ_PID_FILE"] = Path.Combine(DataPath, "rabbitmq.pid"),
    };
}
