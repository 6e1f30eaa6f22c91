using Dapper;
using Npgsql;

namespace FlexPlatform.Coalition.Data;

/// <summary>
/// Who pledged with which member's code. Right in any arrival order: a confirmation never revives a
/// withdrawal, and a withdrawal that arrives first is remembered.
/// </summary>
public static class SupporterCredits
{
    /// <summary>A batch's credits in one statement, in supporter order (two batches sharing rows cannot deadlock).</summary>
    public static Task CreditAsync(NpgsqlTransaction tx, IReadOnlyList<(Guid SupporterId, string Code)> credits, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO member_supporters (supporter_id, code)
            SELECT c.id, c.code FROM unnest(@ids::uuid[], @codes::text[]) AS c(id, code) ORDER BY c.id
            ON CONFLICT DO NOTHING
            """,
            new { ids = credits.Select(c => c.SupporterId).ToArray(), codes = credits.Select(c => c.Code).ToArray() }, tx, cancellationToken: cancellationToken));

    public static Task WithdrawAsync(NpgsqlTransaction tx, Guid supporterId, string code, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO member_supporters (supporter_id, code, withdrawn_at) VALUES (@supporterId, @code, @withdrawnAt)
            ON CONFLICT (supporter_id) DO UPDATE SET withdrawn_at = coalesce(member_supporters.withdrawn_at, excluded.withdrawn_at)
            """,
            new { supporterId, code, withdrawnAt }, tx, cancellationToken: cancellationToken));
}
