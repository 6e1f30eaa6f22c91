using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Data;

/// <summary>
/// Applies embedded <c>Data/Migrations/*.sql</c> scripts once each, in name order, before the
/// service takes traffic. An advisory lock lets several replicas start at once safely.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, IReadOnlyList<Assembly> assemblies, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private const long LockKey = 0x466C6578_4D696772; // "FlexMigr"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithRetryAsync(cancellationToken);
        await Execute(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await Execute(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);

            foreach (var (id, sql) in Scripts())
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await using var check = new NpgsqlCommand("INSERT INTO schema_migrations (id) VALUES ($1) ON CONFLICT DO NOTHING", connection, tx);
                check.Parameters.Add(new NpgsqlParameter { Value = id });
                if (await check.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    continue;
                }

                await Execute(connection, tx, sql, cancellationToken);
                await tx.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", id);
            }
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<(string Id, string Sql)> Scripts() =>
        assemblies.Distinct()
            .SelectMany(assembly => assembly.GetManifestResourceNames()
                .Where(name => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
                .Select(name => (Assembly: assembly, Name: name)))
            .Select(r => (Id: r.Name[(r.Name.IndexOf(".Migrations.", StringComparison.Ordinal) + 12)..], Sql: Read(r.Assembly, r.Name)))
            .OrderBy(s => s.Id, StringComparer.Ordinal);

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // The database may still be starting when the service does (a fresh local run, a pod restart).
    private async Task<NpgsqlConnection> OpenWithRetryAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (NpgsqlException ex) when (attempt < 30)
            {
                logger.LogWarning("Database not reachable yet ({Reason}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
