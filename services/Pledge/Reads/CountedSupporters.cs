using System.Globalization;
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
        await using var command = dataSource.CreateCommand(
            $"""
            WITH page AS (
                SELECT id, {Line(view)} AS line FROM supporters
                WHERE status = 'confirmed' {Filter(view)} AND ($1::uuid IS NULL OR id > $1)
                ORDER BY id LIMIT $2)
            SELECT count(*), coalesce(md5(string_agg(line, ',' ORDER BY id)), ''), (array_agg(id ORDER BY id DESC))[1] FROM page
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new CountedDigest
        {
            Count = reader.GetInt64(0),
            Digest = reader.GetString(1),
            LastId = reader.IsDBNull(2) ? "" : reader.GetGuid(2).ToString(),
        };
    }

    public async Task<CountedPage> ListAsync(Guid? after, Guid? through, int limit, CountedView view, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT id, referral_code, referred_by, organization_code, confirmed_at, now() FROM supporters
            WHERE status = 'confirmed' {Filter(view)} AND ($1::uuid IS NULL OR id > $1) AND ($2::uuid IS NULL OR id <= $2)
            ORDER BY id LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)through ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var page = new CountedPage { AsOf = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Supporters.Add(new CountedSupporter
            {
                Id = reader.GetGuid(0).ToString(),
                ReferralCode = reader.GetString(1),
                ReferredBy = reader.IsDBNull(2) ? "" : reader.GetString(2),
                OrganizationCode = reader.IsDBNull(3) ? "" : reader.GetString(3),
                ConfirmedAt = reader.GetFieldValue<DateTimeOffset>(4).ToString("O", CultureInfo.InvariantCulture),
            });
        }

        return page;
    }

    private static string Line(CountedView view) => view == CountedView.Organizations
        ? "id::text || '|' || organization_code"
        : "id::text || '|' || referral_code || '|' || coalesce(referred_by, '')";

    private static string Filter(CountedView view) => view == CountedView.Organizations ? "AND organization_code IS NOT NULL" : "";
}
