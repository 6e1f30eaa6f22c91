using System.Globalization;
using Dapper;
using FlexPlatform.Pledge.Grpc;
using Npgsql;

namespace FlexPlatform.Pledge.Reads;

/// <summary>
/// Pages of confirmed supporters in id order, for the services that keep their own copy of who counts to compare
/// with (a digest) and repair from (the rows). The digest's line format is the contract both sides compute.
/// </summary>
public sealed class CountedSupporters(NpgsqlDataSource dataSource)
{
    public const int MaxPage = 10_000;

    public async Task<CountedDigest> DigestAsync(Guid? after, int limit, CountedView view, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (count, digest, lastId) = await connection.QuerySingleAsync<(long, string, Guid?)>(new CommandDefinition(
            $"""
            WITH page AS (
                SELECT id, {Line(view)} AS line FROM supporters
                WHERE status = 'confirmed' {Filter(view)} AND (@after::uuid IS NULL OR id > @after)
                ORDER BY id LIMIT @limit)
            SELECT count(*), coalesce(md5(string_agg(line, ',' ORDER BY id)), ''), (array_agg(id ORDER BY id DESC))[1] FROM page
            """, new { after, limit }, cancellationToken: cancellationToken));
        return new CountedDigest { Count = count, Digest = digest, LastId = lastId?.ToString() ?? "" };
    }

    public async Task<CountedPage> ListAsync(Guid? after, Guid? through, int limit, CountedView view, CancellationToken cancellationToken)
    {
        var page = new CountedPage { AsOf = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string ReferralCode, string? ReferredBy, string? OrganizationCode, DateTimeOffset ConfirmedAt)>(new CommandDefinition(
            $"""
            SELECT id, referral_code, referred_by, organization_code, confirmed_at FROM supporters
            WHERE status = 'confirmed' {Filter(view)} AND (@after::uuid IS NULL OR id > @after) AND (@through::uuid IS NULL OR id <= @through)
            ORDER BY id LIMIT @limit
            """, new { after, through, limit }, cancellationToken: cancellationToken));
        page.Supporters.AddRange(rows.Select(row => new CountedSupporter
        {
            Id = row.Id.ToString(),
            ReferralCode = row.ReferralCode,
            ReferredBy = row.ReferredBy ?? "",
            OrganizationCode = row.OrganizationCode ?? "",
            ConfirmedAt = row.ConfirmedAt.ToString("O", CultureInfo.InvariantCulture),
        }));
        return page;
    }

    private static string Line(CountedView view) => view == CountedView.Organizations
        ? "id::text || '|' || organization_code"
        : "id::text || '|' || referral_code || '|' || coalesce(referred_by, '')";

    private static string Filter(CountedView view) => view == CountedView.Organizations ? "AND organization_code IS NOT NULL" : "";
}
