using Dapper;
using FlexPlatform.ServiceDefaults.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Mail;

public sealed record QueuedMail(long Seq, MailMessage Message, int Attempts, DateTimeOffset CreatedAt);

public sealed record DeadMail(long Seq, string To, string Subject, int Attempts, string Reason, DateTimeOffset QueuedAt, DateTimeOffset FailedAt);

public sealed record MailQueueState(long Queued, long Retrying, long Dead);

/// <summary>
/// The <c>mail_outbox</c> and <c>mail_dead</c> tables. A batch is claimed in a short transaction (its rows
/// become due only after a lease, so other replicas skip them and a crashed sender's batch comes back), sent
/// with no transaction open, then settled mail by mail in another short one.
/// </summary>
public sealed class MailQueue(NpgsqlDataSource dataSource, IOptions<MailOptions> options, TimeProvider clock)
{
    // Its records carry DateTimeOffset, which Dapper reads through the shared handler (also outside a service host).
    static MailQueue() => DapperTypes.Register();

    public async Task<IReadOnlyList<QueuedMail>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedRow>(new CommandDefinition(
            """
            UPDATE mail_outbox o SET due_at = now() + @Lease
            FROM (SELECT seq FROM mail_outbox WHERE due_at <= now() ORDER BY due_at, seq LIMIT @max FOR UPDATE SKIP LOCKED) claimed
            WHERE o.seq = claimed.seq
            RETURNING o.seq AS "Seq", o.to_address AS "To", o.subject AS "Subject", o.body AS "Body", o.headers::text AS "Headers",
                      o.attempts AS "Attempts", o.created_at AS "CreatedAt"
            """, new { options.Value.Lease, max }, cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Seq)
            .Select(r => new QueuedMail(r.Seq, new MailMessage(r.To, r.Subject, r.Body, MailHeadersJson.Read(r.Headers)), r.Attempts, r.CreatedAt))
            .ToList();
    }

    /// <summary>Deletes what was sent, sets aside what failed for good (or for too long), backs off the rest.</summary>
    public async Task SettleAsync(IReadOnlyList<QueuedMail> batch, IReadOnlyList<MailOutcome> outcomes, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var sent = new List<long>();
        var dead = new List<(long Seq, string Reason, bool Bounced)>();
        var retry = new List<(long Seq, string Reason)>();
        var untried = new List<long>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (mail, outcome) = (batch[i], outcomes[i]);
            switch (outcome.Fate)
            {
                case MailFate.Sent:
                    sent.Add(mail.Seq);
                    break;
                case MailFate.Failed:
                    dead.Add((mail.Seq, outcome.Reason ?? "refused", outcome.RecipientRefused));
                    break;
                case MailFate.Retry when now - mail.CreatedAt >= settings.GiveUpAfter:
                    dead.Add((mail.Seq, $"still refused after {mail.Attempts + 1} attempts: {outcome.Reason}", false));
                    break;
                case MailFate.Retry:
                    retry.Add((mail.Seq, outcome.Reason ?? "refused for now"));
                    break;
                default:
                    untried.Add(mail.Seq);
                    break;
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH gone AS (DELETE FROM mail_outbox WHERE seq = ANY(@sent) RETURNING tag)
            INSERT INTO mail_sent_by_tag (tag, sent) SELECT tag, count(*) FROM gone WHERE tag IS NOT NULL GROUP BY tag
            ON CONFLICT (tag) DO UPDATE SET sent = mail_sent_by_tag.sent + excluded.sent
            """, new { sent = sent.ToArray() }, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH gone AS (
                DELETE FROM mail_outbox o USING unnest(@Seqs, @Reasons, @Bounced) AS f(seq, reason, bounced) WHERE o.seq = f.seq
                RETURNING o.seq, o.to_address, o.subject, o.body, o.headers, o.created_at, o.attempts, o.tag, f.reason, f.bounced),
            dead AS (
                INSERT INTO mail_dead (seq, to_address, subject, body, headers, created_at, attempts, reason, tag)
                SELECT seq, to_address, subject, body, headers, created_at, attempts + 1, reason, tag FROM gone
                ON CONFLICT (seq) DO NOTHING)
            -- Bulk mail whose recipient was refused for good leaves the address out of the next ones (a bounce); a
            -- refused message (spam, size) says nothing about the address.
            INSERT INTO mail_suppressions (address, kind, detail)
            SELECT DISTINCT ON (lower(to_address)) lower(to_address), 'bounce', reason FROM gone WHERE tag IS NOT NULL AND bounced
            ON CONFLICT (address) DO NOTHING
            """, new { Seqs = dead.Select(d => d.Seq).ToArray(), Reasons = dead.Select(d => d.Reason).ToArray(), Bounced = dead.Select(d => d.Bounced).ToArray() },
            tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE mail_outbox o
            SET attempts = o.attempts + 1, last_error = r.reason,
                due_at = now() + least(@RetryInterval * power(2, least(o.attempts, 20)), @MaxRetryInterval)
            FROM unnest(@Seqs, @Reasons) AS r(seq, reason) WHERE o.seq = r.seq
            """, new { settings.RetryInterval, settings.MaxRetryInterval, Seqs = retry.Select(r => r.Seq).ToArray(), Reasons = retry.Select(r => r.Reason).ToArray() },
            tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("UPDATE mail_outbox SET due_at = now() WHERE seq = ANY(@untried)", new { untried = untried.ToArray() }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<MailQueueState> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<MailQueueState>(new CommandDefinition(
            """
            SELECT (SELECT count(*) FROM mail_outbox) AS "Queued",
                   (SELECT count(*) FROM mail_outbox WHERE attempts > 0) AS "Retrying",
                   (SELECT count(*) FROM mail_dead) AS "Dead"
            """, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeadMail>> ListDeadAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DeadMail>(new CommandDefinition(
            """
            SELECT seq AS "Seq", to_address AS "To", subject AS "Subject", attempts AS "Attempts", reason AS "Reason",
                   created_at AS "QueuedAt", failed_at AS "FailedAt"
            FROM mail_dead ORDER BY seq DESC LIMIT @pageSize OFFSET @offset
            """, new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// Queues set-aside mail again, as new and due now: one (<paramref name="seq"/>) or all. Returns how many. Bulk mail
    /// to a suppressed address stays set aside: staff lift the suppression first.
    /// </summary>
    public async Task<int> ReplayAsync(long? seq, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH back AS (
                DELETE FROM mail_dead d WHERE (@seq::bigint IS NULL OR d.seq = @seq)
                    AND NOT (d.tag IS NOT NULL AND EXISTS (SELECT 1 FROM mail_suppressions m WHERE m.address = lower(d.to_address)))
                RETURNING to_address, subject, body, headers, tag)
            INSERT INTO mail_outbox (to_address, subject, body, headers, tag, created_at) SELECT to_address, subject, body, headers, tag, now() FROM back
            """, new { seq }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DiscardAsync(long seq, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM mail_dead WHERE seq = @seq", new { seq }, cancellationToken: cancellationToken)) == 1;
    }

    private sealed record ClaimedRow(long Seq, string To, string Subject, string Body, string? Headers, int Attempts, DateTimeOffset CreatedAt);
}
