using Dapper;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Projections;
using Npgsql;

namespace FlexPlatform.Coalition.Data;

/// <summary>
/// <c>member_supporters</c> (each member's supporter count) against Pledge's confirmed supporters who pledged
/// with a member's code. Missing credits are added, a wrong code corrected, and a credit for someone Pledge no
/// longer counts is marked withdrawn. Withdrawals are final in Pledge, so a repair never revives one.
/// </summary>
public sealed class MemberCreditsProjection(NpgsqlDataSource dataSource, Supporters.SupportersClient pledge) : IProjection
{
    private readonly CountedPages _source = new(pledge, CountedView.Organizations);

    public string Name => "coalition.member_supporters";

    public Task<PageDigest> DigestSourceAsync(Guid? after, int limit, CancellationToken cancellationToken) =>
        _source.DigestAsync(after, limit, cancellationToken);

    public async Task<PageDigest> DigestLocalAsync(Guid? after, Guid? through, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (count, digest) = await connection.QuerySingleAsync<(long, string)>(new CommandDefinition(
            """
            SELECT count(*), coalesce(md5(string_agg(supporter_id::text || '|' || code, ',' ORDER BY supporter_id)), '')
            FROM member_supporters
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
            WITH source AS (SELECT * FROM unnest(@ids::uuid[], @codes::text[]) AS s(supporter_id, code)),
            written AS (
                INSERT INTO member_supporters AS m (supporter_id, code)
                SELECT supporter_id, code FROM source
                ON CONFLICT (supporter_id) DO UPDATE SET code = excluded.code
                WHERE m.withdrawn_at IS NULL AND m.code IS DISTINCT FROM excluded.code
                RETURNING xmax = 0 AS added),
            gone AS (
                UPDATE member_supporters m SET withdrawn_at = @asOf
                WHERE m.withdrawn_at IS NULL AND m.received_at < @settledBefore
                  AND (@after::uuid IS NULL OR m.supporter_id > @after) AND (@through::uuid IS NULL OR m.supporter_id <= @through)
                  AND NOT EXISTS (SELECT 1 FROM source s WHERE s.supporter_id = m.supporter_id)
                RETURNING 1)
            SELECT (SELECT count(*) FROM written WHERE added) AS Added, (SELECT count(*) FROM written WHERE NOT added) AS Corrected,
                   (SELECT count(*) FROM gone) AS Removed
            """,
            new
            {
                ids = rows.Select(r => Guid.Parse(r.Id)).ToArray(),
                codes = rows.Select(r => r.OrganizationCode).ToArray(),
                asOf,
                settledBefore = asOf - settled,
                after, through,
            }, cancellationToken: cancellationToken));
    }

}
