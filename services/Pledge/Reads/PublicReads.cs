using FlexPlatform.ServiceDefaults.Data;
using Npgsql;

namespace FlexPlatform.Pledge.Reads;

public sealed record StatsResponse(
    long Total,
    IReadOnlyDictionary<string, long> ByCountry,
    IReadOnlyDictionary<string, long> ByRegion,
    IReadOnlyDictionary<string, long> ByPersona,
    IReadOnlyDictionary<string, long> ByFlexibility);

public sealed record RecentSupporter(string DisplayName, string Place, DateTimeOffset PledgedAt);

/// <summary>What anyone may read about supporters: counts, and listed supporters' first name, initial and place.</summary>
public sealed class PublicReads(NpgsqlDataSource dataSource, SnapshotCache cache)
{
    public const string StatsKey = "pledge:stats";
    public const string RecentKey = "pledge:recent";
    public const int RecentLimit = 50;

    public static readonly TimeSpan StatsLifetime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RecentLifetime = TimeSpan.FromSeconds(3);

    public Task<StatsResponse> StatsAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(StatsKey, StatsLifetime, ComputeStatsAsync, cancellationToken);

    public Task<RecentSupporter[]> RecentAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(RecentKey, RecentLifetime, ComputeRecentAsync, cancellationToken);

    public Task ForgetRecentAsync() => cache.InvalidateAsync(RecentKey);

    public async Task ForgetAllAsync()
    {
        await cache.InvalidateAsync(StatsKey);
        await cache.InvalidateAsync(RecentKey);
    }

    private async Task<StatsResponse> ComputeStatsAsync(CancellationToken cancellationToken)
    {
        // One snapshot for all four breakdowns, so they agree with each other and with the total.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var byCountry = await GroupAsync(tx, "SELECT country, count(*) FROM supporters WHERE status = 'confirmed' GROUP BY 1", cancellationToken);
        var byRegion = await GroupAsync(tx, "SELECT region, count(*) FROM supporters WHERE status = 'confirmed' AND country = 'US' AND region IS NOT NULL GROUP BY 1", cancellationToken);
        var byPersona = await GroupAsync(tx, "SELECT p, count(*) FROM supporters, unnest(personas) p WHERE status = 'confirmed' GROUP BY 1", cancellationToken);
        var byFlexibility = await GroupAsync(tx, "SELECT f, count(*) FROM supporters, unnest(flexibility) f WHERE status = 'confirmed' GROUP BY 1", cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new StatsResponse(byCountry.Values.Sum(), byCountry, byRegion, byPersona, byFlexibility);
    }

    private static async Task<SortedDictionary<string, long>> GroupAsync(NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, tx.Connection, tx);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups[reader.GetString(0)] = reader.GetInt64(1);
        }

        return groups;
    }

    private async Task<RecentSupporter[]> ComputeRecentAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT first_name, last_name, region, country, confirmed_at FROM supporters
            WHERE status = 'confirmed' AND list_publicly
            ORDER BY confirmed_at DESC
            LIMIT {RecentLimit}
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var recent = new List<RecentSupporter>(RecentLimit);
        while (await reader.ReadAsync(cancellationToken))
        {
            recent.Add(ToRecentSupporter(reader));
        }

        return [.. recent];
    }

    /// <summary>From a row of first_name, last_name, region, country, confirmed_at (from <paramref name="firstColumn"/> on).</summary>
    public static RecentSupporter ToRecentSupporter(NpgsqlDataReader reader, int firstColumn = 0)
    {
        var region = reader.GetStringOrNull(firstColumn + 2);
        return new RecentSupporter(
            DisplayName(reader.GetString(firstColumn), reader.GetString(firstColumn + 1)),
            region is null ? reader.GetString(firstColumn + 3) : $"{region}, {reader.GetString(firstColumn + 3)}",
            reader.GetFieldValue<DateTimeOffset>(firstColumn + 4));
    }

    /// <summary>"Sara S.": never a full last name.</summary>
    public static string DisplayName(string firstName, string lastName)
    {
        var initial = lastName.Trim().EnumerateRunes().FirstOrDefault();
        return initial.Value == 0 ? firstName : $"{firstName} {System.Text.Rune.ToUpperInvariant(initial)}.";
    }
}
