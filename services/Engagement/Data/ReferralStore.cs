using Dapper;
using FlexPlatform.Contracts.Pledge;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

public sealed record TopReferrer(Guid SupporterId, string ReferralCode, long ConfirmedReferrals);

/// <summary>Referral credits: counted rows of confirmed, non-withdrawn supporters, so withdrawals drop them exactly.</summary>
public sealed class ReferralStore(NpgsqlDataSource dataSource)
{
    public async Task<long> CountAsync(string referralCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM confirmed_supporters WHERE referred_by = @referralCode AND withdrawn_at IS NULL", new { referralCode },
            cancellationToken: cancellationToken));
    }

    /// <summary>The referrers with most confirmed referrals who are themselves still supporters, most first.</summary>
    public async Task<IReadOnlyList<TopReferrer>> TopAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TopReferrer>(new CommandDefinition(
            """
            SELECT referrer.supporter_id AS SupporterId, referrer.referral_code AS ReferralCode, credits.n AS ConfirmedReferrals
            FROM (SELECT referred_by, count(*) AS n FROM confirmed_supporters
                  WHERE referred_by IS NOT NULL AND withdrawn_at IS NULL GROUP BY referred_by) credits
            JOIN confirmed_supporters referrer ON referrer.referral_code = credits.referred_by AND referrer.withdrawn_at IS NULL
            ORDER BY credits.n DESC, referrer.confirmed_at
            LIMIT @limit
            """, new { limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// One row per confirmed supporter, a batch's in one statement, idempotent; a row a late withdrawal created first
    /// keeps its withdrawal. The rows go in supporter order, so two batches sharing rows cannot deadlock.
    /// </summary>
    public static Task RecordConfirmedAsync(NpgsqlTransaction tx, IReadOnlyList<PledgeConfirmed> messages, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO confirmed_supporters (supporter_id, referred_by, confirmed_at, referral_code)
            SELECT DISTINCT ON (c.id) c.id, c.referred_by, c.confirmed_at, c.code
            FROM unnest(@ids::uuid[], @referredBy::text[], @confirmedAt::timestamptz[], @codes::text[]) WITH ORDINALITY AS c(id, referred_by, confirmed_at, code, n)
            ORDER BY c.id, c.n
            ON CONFLICT (supporter_id) DO UPDATE SET referral_code = coalesce(confirmed_supporters.referral_code, excluded.referral_code)
            """,
            new
            {
                ids = messages.Select(m => m.SupporterId).ToArray(),
                referredBy = messages.Select(m => m.ReferredBy).ToArray(),
                confirmedAt = messages.Select(m => m.ConfirmedAt).ToArray(),
                codes = messages.Select(m => m.ReferralCode).ToArray(),
            }, tx, cancellationToken: cancellationToken));

    /// <summary>Arriving before its confirmation (possible after a redelivery) still leaves the supporter withdrawn.</summary>
    public static Task RecordWithdrawnAsync(NpgsqlTransaction tx, PledgeWithdrawn message, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO confirmed_supporters (supporter_id, referred_by, confirmed_at, withdrawn_at)
            VALUES (@SupporterId, @ReferredBy, @WithdrawnAt, @WithdrawnAt)
            ON CONFLICT (supporter_id) DO UPDATE SET withdrawn_at = coalesce(confirmed_supporters.withdrawn_at, excluded.withdrawn_at)
            """, new { message.SupporterId, message.ReferredBy, message.WithdrawnAt }, tx, cancellationToken: cancellationToken));

    /// <summary>Part of a bulk import in one statement: thousands of supporters, one message.</summary>
    /// <remarks>Parts published before referral codes travelled with them leave the code empty; the projection repair fills it.</remarks>
    public static Task RecordImportedAsync(NpgsqlTransaction tx, SupportersImported message, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO confirmed_supporters (supporter_id, confirmed_at, referral_code)
            SELECT id, @ConfirmedAt, code FROM unnest(@ids::uuid[], @codes::text[]) AS i(id, code)
            ON CONFLICT (supporter_id) DO UPDATE SET referral_code = coalesce(confirmed_supporters.referral_code, excluded.referral_code)
            """,
            new { ids = message.SupporterIds.ToArray(), codes = message.ReferralCodes?.ToArray() ?? new string?[message.SupporterIds.Count], message.ConfirmedAt }, tx,
            cancellationToken: cancellationToken));
}
