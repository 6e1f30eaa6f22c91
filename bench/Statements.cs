using System.Globalization;
using System.Text;
using Npgsql;

namespace FlexPlatform.Bench;

/// <summary>PostgreSQL's own account of where a database's time went (pg_stat_statements).</summary>
public static class Statements
{
    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The statements that took the most time since the reset: calls, mean and total milliseconds.</summary>
    public static async Task<string> TopAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 70), calls, mean_exec_time, total_exec_time
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            text.Append(CultureInfo.InvariantCulture, $"`{reader.GetString(0).Replace("|", "/", StringComparison.Ordinal)}…` {reader.GetInt64(1):N0} calls, mean {reader.GetDouble(2):0.000} ms, total {reader.GetDouble(3) / 1000:0.0} s; ");
        }

        return text.ToString().TrimEnd(' ', ';');
    }
}
