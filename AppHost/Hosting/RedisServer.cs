namespace FlexPlatform.AppHost.Hosting;

/// <summary>
/// Redis from the OS packages. A cache (PostgreSQL rebuilds what it holds), but restarted with its
/// append-only file, so a crash does not empty it and send every read to PostgreSQL at once.
/// </summary>
public sealed class RedisServer(string name, PlatformOptions options) : ProcessResource(name, options), IResourceWithConnectionString
{
    public override string Kind => "Redis";

    public int Port { get; } = PortAllocator.GetFreePort();

    public string ConnectionName => Name;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public override IReadOnlyList<string> Endpoints => [$"tcp://127.0.0.1:{Port}"];

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await ServerPackages.EnsureInstalledAsync("redis-server", "/usr/bin/redis-server", Logs, cancellationToken);
        Directory.CreateDirectory(DataPath);
    }

    protected override ProcessSpec CreateProcessSpec() => new("/usr/bin/redis-server",
    [
        "--port", Port.ToString(), "--bind", "127.0.0.1", "--protected-mode", "no",
        "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", DataPath, "--loglevel", "warning",
    ]) { WorkingDirectory = DataPath };

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        PortAllocator.IsListeningAsync(Port, cancellationToken);
}
