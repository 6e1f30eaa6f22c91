using System.Diagnostics;
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
    MessagingTelemetry telemetry,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private readonly OutageLog _outage = new(logger, "The outbox relay's broker or database");
    private long _backlogCountedAt;

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
                    telemetry.SetBacklog(0);
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
                else
                {
                    await CountBacklogAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (TransientFailures.Is(ex) || ex is MassTransitException)
            {
                _outage.Failed(ex);
                await CountBacklogAsync(stoppingToken);
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

        var batch = new List<(long Seq, Guid Id, string Type, string Body, string? TraceParent)>();
        await using (var select = new NpgsqlCommand(
            "SELECT seq, message_id, message_type, body::text, trace_parent FROM outbox_messages ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = _options.BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        // Concurrent publishes share the channel's confirms; all must be acknowledged before the delete.
        await Task.WhenAll(batch.Select(row => PublishAsync(row.Id, row.Type, row.Body, row.TraceParent, cancellationToken)));

        await using (var delete = new NpgsqlCommand("DELETE FROM outbox_messages WHERE seq = ANY($1)", connection, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Seq).ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return batch.Count;
    }

    // In the trace of the operation that wrote the row: MassTransit's send span, its headers and so
    // every consumer follow from here.
    private async Task PublishAsync(Guid messageId, string typeName, string body, string? traceParent, CancellationToken cancellationToken)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        using var activity = MessagingTelemetry.StartRelay(type.FullName!, traceParent);
        activity?.SetTag("messaging.message.id", messageId);
        var message = JsonSerializer.Deserialize(body, type, Outbox.Json)!;
        try
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = messageId;
                context.Durable = true;
            }), cancellationToken);
            logger.LogDebug("Relayed {MessageType} {MessageId} to the broker", type.Name, messageId);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    // While rows pile up (a burst, a broker outage), at most once a second and only when exported.
    private async Task CountBacklogAsync(CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (!telemetry.BacklogObserved || now - _backlogCountedAt < 1000)
        {
            return;
        }

        _backlogCountedAt = now;
        try
        {
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM outbox_messages");
            telemetry.SetBacklog(Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken)));
        }
        catch (Exception ex) when (TransientFailures.Is(ex))
        {
            // The database is away too: the gauge keeps its last count.
        }
    }
}
