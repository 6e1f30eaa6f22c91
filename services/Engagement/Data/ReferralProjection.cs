using System.Globalization;
using Dapper;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Projections;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

/// <summary>
/// <c>confirmed_supporters</c> (the confirmed total Engagement sees and every referral credit) against Pledge's
/// confirmed supporters. A supporter missing here is added, a wrong code corrected, and one counted here whom
/// Pledge no longer counts is marked withdrawn. Withdrawals are final in Pledge, so a repair never revives one.
/// </summary>
public sealed class ReferralProjection(NpgsqlDataSource dataSource, Supporters.SupportersClient pledge) : IProjection
{
    private readonly CountedPages _source = new(pledge, CountedView.Referrals);

    public string Name => "engagement.confirmed_supporters";

    public Task<PageDigest> DigestSourceAsync(Guid? after, int limit, CancellationToken cancellationToken) =>
        _source.DigestAsync(after, limit, cancellationToken);

    public async Task<PageDigest> DigestLocalAsync(Guid? after, Guid? through, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (count, digest) = await connection.QuerySingleAsync<(long, string)>(new CommandDefinition(
            """
            SELECT count(*), coalesce(md5(string_agg(supporter_id::text || '|' || coalesce(referral_code, '') || '|' || coalesce(referred_by, ''), ',' ORDER BY supporter_id)), '')
            FROM confirmed_supporters
            WHERE withdrawn_at IS NULL AND (@after::uuid IS NULL OR supporter_id > @after) AND (@through::uuid IS NULL OR supporter_id <= @through)
            """, new { after, through }, cancellationToken: cancellationToken));
        return new PageDigest(count, digest, null);
    }

    public async Task<Drift> RepairAsync(Guid? after, Guid? through, int limit, TimeSpan settled, CancellationToken cancellationToken)
    {
        (var rows, through, var asOf) = await _source.ListAsync(after, through, limit, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<Drift>(new CommandDefinition(
            """
            WITH source AS (
                SELECT * FROM unnest(@ids::uuid[], @codes::text[], @referredBy::text[], @confirmedAt::timestamptz[])
                    AS s(supporter_id, referral_code, referred_by, confirmed_at)),
            written AS (
                INSERT INTO confirmed_supporters AS c (supporter_id, referral_code, referred_by, confirmed_at)
                SELECT supporter_id, referral_code, referred_by, confirmed_at FROM source
                ON CONFLICT (supporter_id) DO UPDATE SET referral_code = excluded.referral_code, referred_by = excluded.referred_by
                WHERE c.withdrawn_at IS NULL
                  AND (c.referral_code IS DISTINCT FROM excluded.referral_code OR c.referred_by IS DISTINCT FROM excluded.referred_by)
                RETURNING xmax = 0 AS added),
            gone AS (
                UPDATE confirmed_supporters c SET withdrawn_at = @asOf
                WHERE c.withdrawn_at IS NULL AND c.received_at < @settledBefore
                  AND (@after::uuid IS NULL OR c.supporter_id > @after) AND (@through::uuid IS NULL OR c.supporter_id <= @through)
                  AND NOT EXISTS (SELECT 1 FROM source s WHERE s.supporter_id = c.supporter_id)
                RETURNING 1)
            SELECT (SELECT count(*) FROM written WHERE added) AS Added, (SELECT count(*) FROM written WHERE NOT added) AS Corrected,
                   (SELECT count(*) FROM gone) AS Removed
            """,
            new
            {
                ids = rows.Select(r => Guid.Parse(r.Id)).ToArray(),
                codes = rows.Select(r => r.ReferralCode).ToArray(),
                referredBy = rows.Select(r => r.ReferredBy.Length == 0 ? null : r.ReferredBy).ToArray(),
                confirmedAt = rows.Select(r => DateTimeOffset.Parse(r.ConfirmedAt, CultureInfo.InvariantCulture)).ToArray(),
                asOf,
                settledBefore = asOf - settled,
                after, through,
            }, cancellationToken: cancellationToken));
    }

}
