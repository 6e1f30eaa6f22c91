using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Runs a consumer's work at most once per message id: the inbox row and the work's own writes
/// (and any events it adds to the outbox) commit together, so a redelivery finds the row and does nothing.
/// </summary>
public sealed class Inbox(NpgsqlDataSource dataSource, Outbox outbox, ILogger<Inbox> logger)
{
    /// <returns><c>true</c> when the work ran; <c>false</c> when this message was already handled.</returns>
    public async Task<bool> HandleOnceAsync(
        ConsumeContext context,
        string consumer,
        Func<NpgsqlTransaction, CancellationToken, Task> work)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("Messages must carry a MessageId to be deduplicated.");
        var cancellationToken = context.CancellationToken;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO inbox_messages (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING", connection, tx))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = messageId });
            claim.Parameters.Add(new NpgsqlParameter { Value = consumer });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                logger.LogDebug("{Consumer} already handled message {MessageId}; skipped", consumer, messageId);
                return false;
            }
        }

        await work(tx, cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
        logger.LogDebug("{Consumer} handled message {MessageId}", consumer, messageId);
        return true;
    }

    /// <summary>
    /// A batch in one transaction, one commit for many events; the messages not handled before are given to
    /// <paramref name="work"/> together (in delivery order, each once), so it can write them in one statement. If the batch fails for any reason but an outage, each message is tried on its own:
    /// one bad message cannot hold back the rest (they commit; it is retried and parked in _error with
    /// its batch, where a replay finds the others already handled).
    /// </summary>
    public async Task HandleBatchOnceAsync<T>(
        IReadOnlyList<ConsumeContext<T>> messages,
        string consumer,
        Func<NpgsqlTransaction, IReadOnlyList<T>, CancellationToken, Task> work,
        CancellationToken cancellationToken)
        where T : class
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            await HandleTogetherAsync(messages, consumer, work, cancellationToken);
        }
        catch (Exception ex) when (messages.Count > 1 && !TransientFailures.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            Exception? first = null;
            foreach (var message in messages)
            {
                try
                {
                    await HandleTogetherAsync([message], consumer, work, cancellationToken);
                }
                catch (Exception one) when (!TransientFailures.Is(one))
                {
                    first ??= one;
                }
            }

            if (first is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            }
        }
    }

    private async Task HandleTogetherAsync<T>(
        IReadOnlyList<ConsumeContext<T>> messages, string consumer, Func<NpgsqlTransaction, IReadOnlyList<T>, CancellationToken, Task> work,
        CancellationToken cancellationToken)
        where T : class
    {
        var ids = messages.Select(m => m.MessageId ?? throw new InvalidOperationException("Messages must carry a MessageId to be deduplicated.")).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var fresh = new HashSet<Guid>();
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO inbox_messages (message_id, consumer) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING RETURNING message_id", connection, tx))
        {
            // In one order, so two batches holding the same redelivered ids wait for each other instead of deadlocking.
            claim.Parameters.Add(new NpgsqlParameter { Value = ids.Distinct().Order().ToArray() });
            claim.Parameters.Add(new NpgsqlParameter { Value = consumer });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                fresh.Add(reader.GetGuid(0));
            }
        }

        // Remove: a message delivered twice within one batch is worked once.
        var handled = messages.Where(m => fresh.Remove(m.MessageId!.Value)).ToList();
        if (handled.Count > 0)
        {
            await work(tx, handled.Select(m => m.Message).ToList(), cancellationToken);
        }

        await outbox.CommitAsync(tx, cancellationToken);
        foreach (var message in handled)
        {
            logger.LogDebug("{Consumer} handled message {MessageId} (in a batch of {Size})", consumer, message.MessageId, messages.Count);
        }
    }
}
