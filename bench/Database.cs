using FlexPlatform.Testing;
using Npgsql;

namespace FlexPlatform.Bench;

public sealed record Lag(double P50Ms, double P99Ms, double MaxMs, long Count)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p50 {P50Ms:0.0} ms, p99 {P99Ms:0.0} ms, max {MaxMs:0.0} ms over {Count} events");
}

/// <summary>Reads the bench needs straight from the services' databases.</summary>
public static class Database
{
    /// <summary>Confirmation tokens of pending pledges, from the dev mailbox (the benchmark runs outside Production).</summary>
    public static async Task<List<string>> ConfirmTokensAsync(string pledgeDb, int count)
    {
        await using var connection = new NpgsqlConnection(pledgeDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT body FROM dev_mail ORDER BY id DESC LIMIT {count}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tokens = new List<string>();
        while (await reader.ReadAsync())
        {
            tokens.Add(PlatformFixture.ConfirmationTokenIn(reader.GetString(0)));
        }

        return tokens;
    }

    /// <summary>The confirmation token mailed to one address, once its mail is there.</summary>
    public static async Task<string> ConfirmTokenForAsync(string pledgeDb, string email)
    {
        await using var connection = new NpgsqlConnection(pledgeDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT body FROM dev_mail WHERE to_address = $1 ORDER BY id DESC LIMIT 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = email });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await command.ExecuteScalarAsync() is string body)
            {
                return PlatformFixture.ConfirmationTokenIn(body);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No confirmation mail for {email}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for Engagement to hear of every confirmation, then reads received_at − confirmed_at.</summary>
    public static async Task<Lag> EventLagAsync(string pledgeDb, string engagementDb, DateTimeOffset since)
    {
        await EngagementCaughtUpAsync(pledgeDb, engagementDb);
        await using var connection = new NpgsqlConnection(engagementDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag), count(*)
            FROM (SELECT extract(epoch FROM received_at - confirmed_at) * 1000 AS lag FROM confirmed_supporters WHERE confirmed_at >= $1) l
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = since.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Lag(reader.GetDouble(0), reader.GetDouble(1), (double)reader.GetDecimal(2), reader.GetInt64(3));
    }

    /// <summary>Waits for Engagement to hear of every confirmation made so far.</summary>
    public static async Task EngagementCaughtUpAsync(string pledgeDb, string engagementDb)
    {
        var confirmed = await CountAsync(pledgeDb, "SELECT count(*) FROM supporters WHERE status = 'confirmed'");
        await WaitAsync(engagementDb, "SELECT count(*) FROM confirmed_supporters", confirmed);
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static async Task WaitAsync(string connectionString, string countSql, long expected)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (await CountAsync(connectionString, countSql) < expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{countSql}' did not reach {expected}.");
            }

            await Task.Delay(100);
        }
    }
}
