using Dapper;
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
        var groups = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in await tx.Connection!.QueryAsync<(string, long)>(new CommandDefinition(sql, transaction: tx, cancellationToken: cancellationToken)))
        {
            groups[key] = count;
        }

        return groups;
    }

    private async Task<RecentSupporter[]> ComputeRecentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ListedSupporter>(new CommandDefinition(
            $"""
            SELECT {ListedSupporter.Columns} FROM supporters
            WHERE status = 'confirmed' AND list_publicly
            ORDER BY confirmed_at DESC
            LIMIT {RecentLimit}
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToRecentSupporter())];
    }
}
