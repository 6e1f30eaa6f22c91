using MassTransit;
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
}
