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
            var scripts = Scripts().ToList();
            await RekeyLegacyAsync(connection, scripts, cancellationToken);

            foreach (var (id, _, sql) in scripts)
            {
                if (sql.StartsWith(NoTransaction, StringComparison.Ordinal))
                {
                    await ApplyWithoutTransactionAsync(connection, id, sql, cancellationToken);
                    continue;
                }

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

    /// <summary>
    /// A script's first line that runs it outside a transaction: <c>CREATE INDEX CONCURRENTLY</c> on a large table
    /// must, so writers are not blocked while it builds. Write such scripts to be safe to run again
    /// (<c>IF NOT EXISTS</c>): one interrupted before it is recorded runs again at the next start.
    /// </summary>
    public const string NoTransaction = "-- migrate: no transaction";

    private async Task ApplyWithoutTransactionAsync(NpgsqlConnection connection, string id, string sql, CancellationToken cancellationToken)
    {
        await using var applied = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE id = $1)", connection);
        applied.Parameters.Add(new NpgsqlParameter { Value = id });
        if ((bool)(await applied.ExecuteScalarAsync(cancellationToken))!)
        {
            return;
        }

        await Execute(connection, null, sql, cancellationToken);
        await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (id) VALUES ($1) ON CONFLICT DO NOTHING", connection);
        record.Parameters.Add(new NpgsqlParameter { Value = id });
        await record.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Applied migration {Migration} (outside a transaction)", id);
    }

    /// <summary>
    /// Each script keyed by its assembly and file name ("FlexPlatform.Content/0004_….sql"): two assemblies may hold
    /// scripts of one name and both run. Applied in file-name order, shared scripts (0000_…) first.
    /// </summary>
    private IEnumerable<(string Id, string Name, string Sql)> Scripts() =>
        assemblies.Distinct()
            .SelectMany(assembly => assembly.GetManifestResourceNames()
                .Where(name => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
                .Select(name => (Assembly: assembly, Resource: name, Name: name[(name.IndexOf(".Migrations.", StringComparison.Ordinal) + 12)..])))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Assembly.GetName().Name, StringComparer.Ordinal)
            .Select(s => (Id: $"{s.Assembly.GetName().Name}/{s.Name}", s.Name, Sql: Read(s.Assembly, s.Resource)));

    // Databases migrated before scripts were keyed by assembly hold bare file names: a name only one assembly
    // has is that assembly's script, renamed in place so it is not applied again.
    private static async Task RekeyLegacyAsync(NpgsqlConnection connection, List<(string Id, string Name, string Sql)> scripts, CancellationToken cancellationToken)
    {
        foreach (var script in scripts.GroupBy(s => s.Name).Where(g => g.Count() == 1).Select(g => g.Single()))
        {
            await using var rekey = new NpgsqlCommand("UPDATE schema_migrations SET id = $1 WHERE id = $2", connection);
            rekey.Parameters.Add(new NpgsqlParameter { Value = script.Id });
            rekey.Parameters.Add(new NpgsqlParameter { Value = script.Name });
            await rekey.ExecuteNonQueryAsync(cancellationToken);
        }
    }

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
