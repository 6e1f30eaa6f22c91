using Dapper;
using FlexPlatform.ServiceDefaults.Data;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Mail;

public sealed record MailSuppression(string Address, string Kind, string Detail, DateTimeOffset CreatedAt);

/// <summary>
/// The <c>mail_suppressions</c> table: addresses bulk mail leaves out. <see cref="MailQueue"/> adds a bounce when
/// tagged mail is refused for good; staff add complaints (a mailbox provider's feedback loop) and lift either.
/// </summary>
public sealed class MailSuppressions(NpgsqlDataSource dataSource)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "bounce", "complaint" };

    static MailSuppressions() => DapperTypes.Register();

    public async Task<IReadOnlyList<MailSuppression>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<MailSuppression>(new CommandDefinition(
            """
            SELECT address AS "Address", kind AS "Kind", detail AS "Detail", created_at AS "CreatedAt"
            FROM mail_suppressions ORDER BY created_at DESC, address LIMIT @pageSize OFFSET @offset
            """, new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Records (or re-records, as the newest word) why this address gets no more bulk mail, in the caller's transaction.</summary>
    public static Task<MailSuppression> AddAsync(NpgsqlTransaction tx, string address, string kind, string detail, CancellationToken cancellationToken) =>
        tx.Connection!.QuerySingleAsync<MailSuppression>(new CommandDefinition(
            """
            INSERT INTO mail_suppressions (address, kind, detail) VALUES (lower(@address), @kind, @detail)
            ON CONFLICT (address) DO UPDATE SET kind = excluded.kind, detail = excluded.detail, created_at = now()
            RETURNING address AS "Address", kind AS "Kind", detail AS "Detail", created_at AS "CreatedAt"
            """, new { address, kind, detail }, tx, cancellationToken: cancellationToken));

    /// <summary>Lets bulk mail reach the address again; false when it was not suppressed.</summary>
    public async Task<bool> LiftAsync(string address, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM mail_suppressions WHERE address = lower(@address)", new { address }, cancellationToken: cancellationToken)) == 1;
    }
}
