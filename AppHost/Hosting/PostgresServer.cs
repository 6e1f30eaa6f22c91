using Npgsql;

namespace FlexPlatform.AppHost.Hosting;

/// <summary>PostgreSQL from the OS packages, run as the postgres user, data under the data folder.</summary>
public sealed class PostgresServer(string name, PlatformOptions options) : ProcessResource(name, options)
{
    private string? _dataPath;

    public override string Kind => "PostgreSQL";

    /// <summary>
    /// Under the data folder, unless the postgres user cannot reach it (a checkout inside a 0700 home):
    /// then a per-checkout folder under /var/lib/flexplatform, which survives restarts just the same.
    /// </summary>
    private new string DataPath => _dataPath ?? base.DataPath;

    protected override string LeftoverMarker => DataPath;

    public int Port { get; } = PortAllocator.GetFreePort();

    public override IReadOnlyList<string> Endpoints => [$"tcp://127.0.0.1:{Port}"];

    // SIGINT is PostgreSQL's "fast" shutdown: no waiting for clients to leave.
    protected override int StopSignal => NativeMethods.SigInt;

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public PostgresDatabase AddDatabase(string databaseName)
    {
        var database = new PostgresDatabase(databaseName, this, Options);
        database.DependsOn.Add(this);
        Builder?.Add(database);
        return database;
    }

    internal PlatformBuilder? Builder { get; set; }

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await ServerPackages.EnsureInstalledAsync("postgresql", () => FindBinDirectory() is not null, "/usr/lib/postgresql/*/bin/postgres", Logs, cancellationToken);
        _dataPath = await ChooseDataPathAsync(cancellationToken);
        if (File.Exists(Path.Combine(DataPath, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(DataPath);
        if (NativeMethods.IsRoot)
        {
            await CommandRunner.RunCheckedAsync(new ProcessSpec("chown", ["-R", "postgres:postgres", DataPath]), TimeSpan.FromSeconds(30), cancellationToken);
        }

        Logs.Add("[apphost] initdb " + DataPath);
        await CommandRunner.RunCheckedAsync(
            new ProcessSpec(Binary("initdb"), ["-D", DataPath, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions"]) { RunAsUser = "postgres" },
            TimeSpan.FromMinutes(2), cancellationToken);
    }

    private async Task<string> ChooseDataPathAsync(CancellationToken cancellationToken)
    {
        if (!NativeMethods.IsRoot)
        {
            return base.DataPath;
        }

        var probe = new ProcessSpec("test", ["-x", Options.DataDirectory]) { RunAsUser = "postgres" };
        if ((await CommandRunner.RunAsync(probe, TimeSpan.FromSeconds(10), cancellationToken)).ExitCode == 0)
        {
            return base.DataPath;
        }

        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Options.DataDirectory)))[..12].ToLowerInvariant();
        var path = Path.Combine("/var/lib/flexplatform", checkout, Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Logs.Add($"[apphost] the postgres user cannot reach {Options.DataDirectory}; keeping PostgreSQL data in {path}");
        return path;
    }

    protected override ProcessSpec CreateProcessSpec()
    {
        List<string> args =
        [
            "-D", DataPath, "-p", Port.ToString(), "-k", DataPath,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
            // Per-statement timings for profiling (the benchmark reads them), as most managed servers have.
            "-c", "shared_preload_libraries=pg_stat_statements",
        ];
        if (Options.FastUnsafeDurability)
        {
            // Only what survives a crash of PostgreSQL itself (the OS page cache keeps unsynced writes):
            // synchronous_commit stays on, else a SIGKILLed server loses commits it acknowledged
            // and the fault tests would see "lost" confirmations that durable production never loses.
            args.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off"]);
        }

        return new ProcessSpec(Binary("postgres"), args) { RunAsUser = "postgres", WorkingDirectory = DataPath };
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Timeout=2;Pooling=false");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static string Binary(string name) =>
        Path.Combine(FindBinDirectory() ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql."), name);

    private static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
}
