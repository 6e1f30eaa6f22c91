using Dapper;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

public sealed record TopReferrer(Guid SupporterId, string ReferralCode, long ConfirmedReferrals);

/// <summary>Referral credits: counted rows of confirmed, non-withdrawn supporters, so withdrawals drop them exactly.</summary>
public sealed class ReferralStore(NpgsqlDataSource dataSource)
{
    public async Task<long> CountAsync(string referralCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM confirmed_supporters WHERE referred_by = @referralCode AND withdrawn_at IS NULL", new { referralCode });
    }

    /// <summary>The referrers with most confirmed referrals who are themselves still supporters, most first.</summary>
    public async Task<IReadOnlyList<TopReferrer>> TopAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TopReferrer>(
            """
            SELECT referrer.supporter_id AS supporterid, referrer.referral_code AS referralcode, credits.n AS confirmedreferrals
            FROM (SELECT referred_by, count(*) AS n FROM confirmed_supporters
                  WHERE referred_by IS NOT NULL AND withdrawn_at IS NULL GROUP BY referred_by) credits
            JOIN confirmed_supporters referrer ON referrer.referral_code = credits.referred_by AND referrer.withdrawn_at IS NULL
            ORDER BY credits.n DESC, referrer.confirmed_at
            LIMIT @limit
            """, new { limit });
        return rows.AsList();
    }
}
