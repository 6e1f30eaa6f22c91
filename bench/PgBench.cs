using System.Globalization;
using System.Text.RegularExpressions;
using FlexPlatform.AppHost.Servers;
using Npgsql;

namespace FlexPlatform.Bench;

/// <summary>PostgreSQL's own rate for single-row inserts (pgbench, one transaction each) on the same server.</summary>
public static partial class PgBench
{
    private const string Binary = "/usr/lib/postgresql/15/bin/pgbench";

    public static async Task<double> SingleRowInsertsPerSecondAsync(string connectionString, int clients, TimeSpan duration)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(
                "CREATE TABLE IF NOT EXISTS bench_rows (id uuid PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var script = Path.Combine(Path.GetTempPath(), $"flex-pgbench-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO bench_rows VALUES (gen_random_uuid(), gen_random_uuid()::text || '@bench.example', now());\n");
        try
        {
            var output = await ServerPackages.RunAsync(
                Binary, ["-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n",
                    "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                    "-f", script, server.Database!],
                null, duration + TimeSpan.FromMinutes(1), CancellationToken.None);
            return double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"tps = ([\d.]+)")]
    private static partial Regex Tps();
}
