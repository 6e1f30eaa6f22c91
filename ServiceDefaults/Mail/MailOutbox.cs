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

    public static Task AddAsync(NpgsqlTransaction tx, MailMessage message, CancellationToken cancellationToken) =>
        AddAsync(tx, [message], tag: null, cancellationToken);

    /// <summary>
    /// Queues many mails in one statement. A <paramref name="tag"/> marks bulk mail (an update): counted and withdrawn
    /// by it, and its permanent failures suppress the address for later bulk mail.
    /// </summary>
    public static async Task AddAsync(NpgsqlTransaction tx, IReadOnlyList<MailMessage> messages, string? tag, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO mail_outbox (to_address, subject, body, headers, tag) SELECT t, s, b, h::jsonb, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS m(t, s, b, h)",
            tx.Connection, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.To).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Subject).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Body).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => MailHeadersJson.Write(m.Headers)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)tag ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Withdraws the bulk mail with this tag that is still queued (a cancelled update's). Returns how many.</summary>
    public static async Task<int> WithdrawAsync(NpgsqlTransaction tx, string tag, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand("DELETE FROM mail_outbox WHERE tag = $1", tx.Connection, tx);
        delete.Parameters.Add(new NpgsqlParameter { Value = tag });
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Drops every mail to these addresses (any letter case): queued, set aside, in the dev mailbox, and their
    /// suppression. For an erased person, whose mail must not go out after they asked to be forgotten.
    /// </summary>
    public static async Task ForgetAsync(NpgsqlTransaction tx, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var lowered = addresses.Select(a => a.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var (table, column) in new[] { ("mail_outbox", "to_address"), ("mail_dead", "to_address"), ("dev_mail", "to_address"), ("mail_suppressions", "address") })
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE lower({column}) = ANY($1)", tx.Connection, tx);
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
