using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace FlexPlatform.AppHost.Servers;

public static class PostgresBuilderExtensions
{
    private static readonly string[] NoSync = ["-c", "fsync=off", "-c", "full_page_writes=off"];

    /// <summary>
    /// PostgreSQL from the OS packages (installed with apt when missing), initialised on first start
    /// and run as the postgres user, since it refuses root. <c>setpriv</c> replaces itself with
    /// postgres, so DCP signals the server directly and it stops cleanly.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddDebianPostgres(this IDistributedApplicationBuilder builder, string name, PlatformSettings settings)
    {
        var dataDirectory = DataDirectoryFor(settings, name);
        var server = new PostgresServerResource(name, ServerPackages.IsRoot ? "/usr/bin/setpriv" : Binary("postgres"), dataDirectory);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, ct) => await InitializeAsync(server, ct));
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (e, ct) =>
        {
            await using var connection = new NpgsqlConnection(await server.ConnectionStringExpression.GetValueAsync(ct) + ";Database=postgres;Pooling=false");
            await connection.OpenAsync(ct);
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<PostgresDatabaseResource>().Where(d => d.Parent == server))
            {
                await CreateDatabaseAsync(connection, database.DatabaseName, ct);
                // A database has no process of its own: it runs once it exists (its health check then reports it).
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            }
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new PostgresHealthCheck(server, "postgres"), null, null));

        return builder.AddResource(server)
            .WithOwnPort(PostgresServerResource.EndpointName)
            .WithArgs(context =>
            {
                if (ServerPackages.IsRoot)
                {
                    context.Args.Add("--reuid=postgres");
                    context.Args.Add("--regid=postgres");
                    context.Args.Add("--init-groups");
                    context.Args.Add("--");
                    context.Args.Add(Binary("postgres"));
                }

                string[] args =
                [
                    "-D", dataDirectory, "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
                    // Per-statement timings for profiling (the benchmark reads them), as most managed servers have.
                    "-c", "shared_preload_libraries=pg_stat_statements",
                ];
                foreach (var arg in args)
                {
                    context.Args.Add(arg);
                }

                context.Args.Add("-p");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
                if (settings.FastUnsafeDurability)
                {
                    // What survives a crash of PostgreSQL itself (the page cache keeps unsynced writes): synchronous_commit
                    // stays on, else a SIGKILLed server loses commits it acknowledged and the fault tests would see losses
                    // that durable production never has.
                    foreach (var arg in NoSync)
                    {
                        context.Args.Add(arg);
                    }
                }
            })
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheck);
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name)
    {
        var database = new PostgresDatabaseResource(name, name, server.Resource);
        var healthCheck = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new PostgresHealthCheck(server.Resource, name), null, null));
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "Database", State = KnownResourceStates.NotStarted, Properties = [] })
            .WithIconName("Database")
            .WithHealthCheck(healthCheck);
    }

    private static async Task InitializeAsync(PostgresServerResource server, CancellationToken cancellationToken)
    {
        await ServerPackages.EnsureInstalledAsync("postgresql", () => FindBinDirectory() is not null, cancellationToken);
        var data = server.DataDirectory;
        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(data);
        string[] initdb = [Binary("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions"];
        if (ServerPackages.IsRoot)
        {
            await ServerPackages.RunAsync("chown", ["-R", "postgres:postgres", data], null, TimeSpan.FromSeconds(30), cancellationToken);
            initdb = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. initdb];
        }

        await ServerPackages.RunAsync(ServerPackages.IsRoot ? "/usr/bin/setpriv" : initdb[0], ServerPackages.IsRoot ? initdb : initdb[1..], null, TimeSpan.FromMinutes(2), cancellationToken);
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = name });
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // Names come from the app model, never from input; quoted all the same.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created by a concurrent ready event (a restart racing the first start).
            }
        }
    }

    // The postgres user must reach its folder: a checkout inside a 0700 home keeps the data under /var/lib instead.
    private static string DataDirectoryFor(PlatformSettings settings, string name)
    {
        var preferred = Path.Combine(settings.DataDirectory, name);
        if (!ServerPackages.IsRoot || PostgresCanReach(settings.DataDirectory))
        {
            return preferred;
        }

        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(settings.DataDirectory)))[..12].ToLowerInvariant();
        return Path.Combine("/var/lib/flexplatform", checkout, name);
    }

    private static bool PostgresCanReach(string directory)
    {
        Directory.CreateDirectory(directory);
        // Every folder on the way must let others through (o+x).
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if ((dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                if (dir.FullName == directory)
                {
                    File.SetUnixFileMode(directory, dir.UnixFileMode | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
                    continue;
                }

                return false;
            }
        }

        return true;
    }

    private static string Binary(string name) => Path.Combine(FindBinDirectory() ?? "/usr/lib/postgresql/15/bin", name);

    private static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private sealed class PostgresHealthCheck(PostgresServerResource server, string database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = new NpgsqlConnection(await server.ConnectionStringExpression.GetValueAsync(cancellationToken) + $";Database={database};Pooling=false;Timeout=3");
                await connection.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}
