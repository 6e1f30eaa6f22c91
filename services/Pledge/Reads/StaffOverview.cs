using Dapper;
using Npgsql;

namespace FlexPlatform.Pledge.Reads;

public sealed record PledgesOnDay(DateOnly Day, long Pledges);

public sealed record TopReferrer(string DisplayName, string Place, long Referred);

/// <summary>What the staff console's overview shows of supporters: today, the last 90 days by day, and who brought most.</summary>
public sealed record OverviewResponse(long Confirmed, long Today, long Unconfirmed, IReadOnlyList<PledgesOnDay> PerDay, IReadOnlyList<TopReferrer> TopReferrers);

/// <summary>
/// The overview's figures, read straight from the database (staff need them exact, and they are few): the day counts
/// are an index-only scan of the confirmed rows' <c>confirmed_at</c>. Days are UTC days.
/// </summary>
public sealed class StaffOverview(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int Days = 90;

    public async Task<OverviewResponse> ReadAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var since = today.AddDays(-(Days - 1)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counted = (await connection.QueryAsync<(DateTime Day, long Pledges)>(new CommandDefinition(
            """
            SELECT date_trunc('day', confirmed_at AT TIME ZONE 'UTC') AS day, count(*) AS pledges
            FROM supporters WHERE status = 'confirmed' AND confirmed_at >= @since
            GROUP BY 1
            """, new { since }, cancellationToken: cancellationToken))).ToDictionary(d => DateOnly.FromDateTime(d.Day), d => d.Pledges);
        var perDay = Enumerable.Range(0, Days).Select(i => today.AddDays(i - Days + 1)).Select(day => new PledgesOnDay(day, counted.GetValueOrDefault(day))).ToList();

        var (confirmed, unconfirmed) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'pending') FROM supporters",
            cancellationToken: cancellationToken));
        // Referrals counted where they landed: confirmed supporters who came by someone's link. Referrers are named only
        // if they chose to be listed publicly, as on the public leaderboard.
        var referrers = (await connection.QueryAsync<TopReferrer>(new CommandDefinition(
            """
            SELECT r.first_name || ' ' || left(r.last_name, 1) || '.' AS DisplayName,
                   coalesce(r.region || ', ', '') || r.country AS Place, count(*) AS Referred
            FROM supporters s JOIN supporters r ON r.referral_code = s.referred_by
            WHERE s.status = 'confirmed' AND s.referred_by IS NOT NULL AND r.list_publicly
            GROUP BY r.id, r.first_name, r.last_name, r.region, r.country
            ORDER BY count(*) DESC, min(s.confirmed_at)
            LIMIT 10
            """, cancellationToken: cancellationToken))).AsList();
        return new OverviewResponse(confirmed, perDay[^1].Pledges, unconfirmed, perDay, referrers);
    }
}
