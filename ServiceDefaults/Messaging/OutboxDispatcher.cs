using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Relays committed outbox rows to RabbitMQ. A batch is locked (SKIP LOCKED, so replicas share the
/// work), published with publisher confirms, and deleted in the same transaction only after every
/// publish was acknowledged. A crash or broker outage leaves the rows for the next attempt: delivery
/// is at least once, and the row id travels as MessageId so consumers' inboxes drop repeats.
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private readonly OutageLog _outage = new(logger, "The outbox relay's broker or database");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var relayed = await RelayBatchAsync(stoppingToken);
                _outage.Succeeded();
                if (relayed < _options.BatchSize)
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (TransientFailures.Is(ex) || ex is MassTransitException)
            {
                _outage.Failed(ex);
                await Task.Delay(_options.RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox relay failed; the batch stays and is retried");
                await Task.Delay(_options.RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Relays one batch; returns how many rows left the outbox.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        var batch = new List<(long Seq, Guid Id, string Type, string Body)>();
        await using (var select = new NpgsqlCommand(
            "SELECT seq, message_id, message_type, body::text FROM outbox_messages ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = _options.BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        // Concurrent publishes share the channel's confirms; all must be acknowledged before the delete.
        await Task.WhenAll(batch.Select(row => PublishAsync(row.Id, row.Type, row.Body, cancellationToken)));

        await using (var delete = new NpgsqlCommand("DELETE FROM outbox_messages WHERE seq = ANY($1)", connection, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Seq).ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private Task PublishAsync(Guid messageId, string typeName, string body, CancellationToken cancellationToken)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var message = JsonSerializer.Deserialize(body, type, Outbox.Json)!;
        return bus.Publish(message, type, Pipe.Execute<PublishContext>(context =>
        {
            context.MessageId = messageId;
            context.Durable = true;
        }), cancellationToken);
    }
}
