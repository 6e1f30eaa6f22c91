using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// Queues mail inside the writer's transaction; <see cref="MailDispatcher"/> sends it after the commit.
/// The request answers without waiting for a mail server, and a crash between commit and send loses nothing.
/// </summary>
public sealed class MailOutbox : IDisposable
{
    private readonly OutboxSignal _bell = new();

    public static async Task AddAsync(NpgsqlTransaction tx, MailMessage message, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO mail_outbox (to_address, subject, body, headers) VALUES ($1, $2, $3, $4::jsonb)", tx.Connection, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = message.To });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.Subject });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.Body });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)MailHeadersJson.Write(message.Headers) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Drops every mail to these addresses (any letter case): queued, set aside, and in the dev mailbox. For an
    /// erased person, whose mail must not go out after they asked to be forgotten.
    /// </summary>
    public static async Task ForgetAsync(NpgsqlTransaction tx, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var lowered = addresses.Select(a => a.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var table in new[] { "mail_outbox", "mail_dead", "dev_mail" })
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE lower(to_address) = ANY($1)", tx.Connection, tx);
            delete.Parameters.Add(new NpgsqlParameter { Value = lowered });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Commits and wakes the sender at once (its poll covers other replicas).</summary>
    public async Task CommitAsync(NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await tx.CommitAsync(cancellationToken);
        Notify();
    }

    /// <summary>Commits a transaction that wrote events too: wakes the event relay and the mail sender.</summary>
    public async Task CommitAsync(NpgsqlTransaction tx, Outbox events, CancellationToken cancellationToken)
    {
        await events.CommitAsync(tx, cancellationToken);
        Notify();
    }

    public void Notify() => _bell.Notify();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _bell.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _bell.Dispose();
}
