using Dapper;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>With <c>Mail:DevMailbox</c> on, mail lands in this service's own <c>dev_mail</c> table, which <c>GET /api/dev/mailbox</c> reads back.</summary>
public sealed class DevMailbox(NpgsqlDataSource dataSource) : IMailSender
{
    /// <summary>One statement for a whole batch from the mail outbox. Dev-only mail need not survive a crash, so its commit does not wait for the disk.</summary>
    public async Task<IReadOnlyList<MailOutcome>> SendAsync(IReadOnlyList<MailMessage> messages, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL synchronous_commit = off", transaction: tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO dev_mail (to_address, subject, body) SELECT * FROM unnest(@To, @Subject, @Body)",
            new { To = messages.Select(m => m.To).ToArray(), Subject = messages.Select(m => m.Subject).ToArray(), Body = messages.Select(m => m.Body).ToArray() },
            tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return messages.Select(_ => MailOutcome.Sent).ToList();
    }

    public async Task<IReadOnlyList<DevMail>> ReadAsync(string to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DevMail>(new CommandDefinition(
            """
            SELECT to_address AS "To", subject AS "Subject", body AS "Body", sent_at AS "SentAt"
            FROM dev_mail WHERE lower(to_address) = lower(@to) ORDER BY id DESC LIMIT 50
            """, new { to = to.Trim() }, cancellationToken: cancellationToken))).AsList();
    }
}

public sealed record DevMail(string To, string Subject, string Body, DateTimeOffset SentAt);
