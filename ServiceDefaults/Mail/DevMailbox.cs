using Npgsql;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// Outside Production, mail lands in the sending service's own <c>dev_mail</c> table; each service
/// serves it at <c>GET /api/dev/mailbox</c> and the gateway merges them into one mailbox.
/// </summary>
public sealed class DevMailbox(NpgsqlDataSource dataSource) : IMailSender
{
    // Created on first use rather than by a migration: the table must never exist in Production.
    // A failed attempt (database away) is simply tried again on the next use.
    private volatile bool _created;

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);

        // Dev-only mail need not survive a crash, so its commit does not wait for the disk (asynchronous commit).
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var relaxed = new NpgsqlCommand("SET LOCAL synchronous_commit = off", connection, tx))
        {
            await relaxed.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand("INSERT INTO dev_mail (to_address, subject, body) VALUES ($1, $2, $3)", connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = message.To });
        command.Parameters.Add(new NpgsqlParameter { Value = message.Subject });
        command.Parameters.Add(new NpgsqlParameter { Value = message.Body });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DevMail>> ReadAsync(string to, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(
            "SELECT to_address, subject, body, sent_at FROM dev_mail WHERE lower(to_address) = lower($1) ORDER BY id DESC LIMIT 50");
        command.Parameters.Add(new NpgsqlParameter { Value = to.Trim() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var mails = new List<DevMail>();
        while (await reader.ReadAsync(cancellationToken))
        {
            mails.Add(new DevMail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return mails;
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            """
            CREATE TABLE IF NOT EXISTS dev_mail (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                to_address text        NOT NULL,
                subject    text        NOT NULL,
                body       text        NOT NULL,
                sent_at    timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS dev_mail_to ON dev_mail (to_address, id DESC);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _created = true;
    }
}

public sealed record DevMail(string To, string Subject, string Body, DateTimeOffset SentAt);
