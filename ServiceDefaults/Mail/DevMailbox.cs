using Dapper;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// With <c>Mail:DevMailbox</c> on, mail lands in this service's own <c>dev_mail</c> table, which <c>GET /api/dev/mailbox</c>
/// reads back with every header the mail would have gone out with (<see cref="MailComposer"/>, as the SMTP sender builds it).
/// </summary>
public sealed class DevMailbox(NpgsqlDataSource dataSource, IOptions<MailOptions> options, TimeProvider clock) : IMailSender
{
    /// <summary>One statement for a whole batch from the mail outbox. Dev-only mail need not survive a crash, so its commit does not wait for the disk.</summary>
    public async Task<IReadOnlyList<MailOutcome>> SendAsync(IReadOnlyList<MailMessage> messages, CancellationToken cancellationToken)
    {
        var outcomes = new MailOutcome[messages.Count];
        var delivered = new List<(MailMessage Mail, string Headers)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                var composed = MailComposer.Compose(options.Value.From, messages[i], clock.GetUtcNow());
                delivered.Add((messages[i], MailHeadersJson.Write(MailComposer.HeadersOf(composed))!));
                outcomes[i] = MailOutcome.Sent;
            }
            catch (Exception ex) when (ex is ParseException or ArgumentException)
            {
                // As a mail server would never take it.
                outcomes[i] = MailOutcome.Failed($"not deliverable: {ex.Message}");
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL synchronous_commit = off", transaction: tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO dev_mail (to_address, subject, body, headers) SELECT t, s, b, h::jsonb FROM unnest(@To, @Subject, @Body, @Headers) AS m(t, s, b, h)",
            new
            {
                To = delivered.Select(d => d.Mail.To).ToArray(),
                Subject = delivered.Select(d => d.Mail.Subject).ToArray(),
                Body = delivered.Select(d => d.Mail.Body).ToArray(),
                Headers = delivered.Select(d => d.Headers).ToArray(),
            },
            tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return outcomes;
    }

    public async Task<IReadOnlyList<DevMail>> ReadAsync(string to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT to_address AS "To", subject AS "Subject", body AS "Body", headers::text AS "Headers", sent_at AS "SentAt"
            FROM dev_mail WHERE lower(to_address) = lower(@to) ORDER BY id DESC LIMIT 50
            """, new { to = to.Trim() }, cancellationToken: cancellationToken));
        return rows.Select(r => new DevMail(r.To, r.Subject, r.Body, r.SentAt, MailHeadersJson.Read(r.Headers) ?? MailMessage.NoHeaders)).ToList();
    }

    private sealed record Row(string To, string Subject, string Body, string? Headers, DateTimeOffset SentAt);
}

/// <param name="Headers">The message's headers as composed for SMTP: From, To, Subject, Date, Message-Id, MIME-Version and its own.</param>
public sealed record DevMail(string To, string Subject, string Body, DateTimeOffset SentAt, IReadOnlyDictionary<string, string> Headers);
