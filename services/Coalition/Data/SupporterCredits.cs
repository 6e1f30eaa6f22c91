using Dapper;
using Npgsql;

namespace FlexPlatform.Coalition.Data;

/// <summary>
/// Who pledged with which member's code. Right in any arrival order: a confirmation never revives a
/// withdrawal, and a withdrawal that arrives first is remembered.
/// </summary>
public static class SupporterCredits
{
    public static Task CreditAsync(NpgsqlTransaction tx, Guid supporterId, string code, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO member_supporters (supporter_id, code) VALUES (@supporterId, @code) ON CONFLICT DO NOTHING",
            new { supporterId, code }, tx, cancellationToken: cancellationToken));

    public static Task WithdrawAsync(NpgsqlTransaction tx, Guid supporterId, string code, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO member_supporters (supporter_id, code, withdrawn_at) VALUES (@supporterId, @code, @withdrawnAt)
            ON CONFLICT (supporter_id) DO UPDATE SET withdrawn_at = coalesce(member_supporters.withdrawn_at, excluded.withdrawn_at)
            """,
            new { supporterId, code, withdrawnAt }, tx, cancellationToken: cancellationToken));
}
