using Dapper;
using Npgsql;

namespace FlexPlatform.Content.Moderation;

/// <summary>How often one address and one client submitted lately, stories and comments together (spam-scoring signals).</summary>
public static class SubmissionCounts
{
    public static Task<(long FromAddress, long FromClient)> ReadAsync(NpgsqlTransaction tx, string emailNormalized, string clientHash, CancellationToken cancellationToken) =>
        tx.Connection!.QuerySingleAsync<(long, long)>(new CommandDefinition(
            """
            SELECT
              (SELECT count(*) FROM stories WHERE email_normalized = @emailNormalized AND submitted_at > now() - interval '1 day')
              + (SELECT count(*) FROM comments WHERE email_normalized = @emailNormalized AND submitted_at > now() - interval '1 day'),
              (SELECT count(*) FROM stories WHERE client_hash = @clientHash AND submitted_at > now() - interval '1 hour')
              + (SELECT count(*) FROM comments WHERE client_hash = @clientHash AND submitted_at > now() - interval '1 hour')
            """, new { emailNormalized, clientHash }, tx, cancellationToken: cancellationToken));

    /// <summary>Submissions one address may make per hour before it is refused outright (429).</summary>
    public const int PerAddressPerHour = 10;

    /// <summary>
    /// This hour's submissions from the address, counted under a lock on the address held until the transaction
    /// ends: concurrent submissions from one address are counted one after another, so the limit holds exactly.
    /// </summary>
    public static async Task<long> LockAndCountFromAddressAsync(NpgsqlTransaction tx, string emailNormalized, CancellationToken cancellationToken)
    {
        await tx.Connection!.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('submissions:' || @emailNormalized, 0))", new { emailNormalized }, tx, cancellationToken: cancellationToken));
        return await tx.Connection!.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT (SELECT count(*) FROM stories WHERE email_normalized = @emailNormalized AND submitted_at > now() - interval '1 hour')
                 + (SELECT count(*) FROM comments WHERE email_normalized = @emailNormalized AND submitted_at > now() - interval '1 hour')
            """, new { emailNormalized }, tx, cancellationToken: cancellationToken));
    }
}
