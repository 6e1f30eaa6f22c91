using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Relays committed outbox rows to RabbitMQ. A batch is claimed for a lease (SKIP LOCKED, so replicas
/// share the work), published with publisher confirms and no transaction open, and deleted only after
/// every publish was acknowledged. A crash or broker outage leaves the rows for the next attempt:
/// delivery is at least once, and the row id travels as MessageId so consumers' inboxes drop repeats.
/// A row that can never be published is set aside in <c>outbox_dead</c> instead of blocking the rest.
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IBus bus,
    DurableSubscriptions subscriptions,
    EventRoutes routes,
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

    /// <summary>Relays one batch; returns how many rows left the outbox (published, or set aside as unpublishable).</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await subscriptions.EnsureDeclaredAsync(cancellationToken);
        var batch = await ClaimAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var publishable = new List<(OutboxRow Row, Type Type, object Message)>(batch.Count);
        var poison = new List<(OutboxRow Row, string Reason)>();
        foreach (var row in batch)
        {
            var (type, message, problem) = Read(row);
            if (problem is null)
            {
                publishable.Add((row, type!, message!));
            }
            else
            {
                poison.Add((row, problem));
            }
        }

        // A publish caught in a broker crash can wait for a confirm that never comes: past the timeout the batch
        // goes back (a repeat is dropped by the consumers' inboxes) and the relay tries again on a new connection.
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishing.CancelAfter(_options.PublishTimeout);
        try
        {
            // Concurrent publishes share the channel's confirms; all must be acknowledged before the delete.
            await Task.WhenAll(publishable.Select(p => PublishAsync(p.Row, p.Type, p.Message, publishing.Token)));
        }
        catch (Exception ex)
        {
            await ReleaseAsync(batch, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The broker confirmed no publish within {_options.PublishTimeout.TotalSeconds:0} s.", ex);
            }

            throw;
        }

        // Settle even while stopping: what the broker confirmed need not go again (a repeat would be dropped by inboxes).
        using var settling = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await SettleAsync(publishable.Select(p => p.Row.Seq).ToArray(), poison, settling.Token);
        foreach (var (row, reason) in poison)
        {
            logger.LogError("Outbox row {Seq} ({MessageType}) cannot be published and was moved to outbox_dead: {Reason}", row.Seq, row.Type, reason);
        }

        return batch.Count;
    }

    private async Task<List<OutboxRow>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var claim = dataSource.CreateCommand(
            """
            UPDATE outbox_messages o SET due_at = now() + $2
            FROM (SELECT seq FROM outbox_messages WHERE due_at <= now() ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED) claimed
            WHERE o.seq = claimed.seq
            RETURNING o.seq, o.message_id, o.message_type, o.body::text, o.trace_parent
            """);
        claim.Parameters.Add(new NpgsqlParameter { Value = _options.BatchSize });
        claim.Parameters.Add(new NpgsqlParameter { Value = _options.Lease });
        var batch = new List<OutboxRow>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add(new OutboxRow(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        batch.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return batch;
    }

    /// <summary>The event to publish, or why it never can be.</summary>
    private static (Type? Type, object? Message, string? Problem) Read(OutboxRow row)
    {
        if (Type.GetType(row.Type, throwOnError: false) is not { } type)
        {
            return (null, null, "no such event type in this build (renamed or removed?)");
        }

        try
        {
            return JsonSerializer.Deserialize(row.Body, type, Outbox.Json) is { } message ? (type, message, null) : (null, null, "the body reads as null");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return (null, null, $"the body does not read as {type.Name}: {ex.Message}");
        }
    }

    private async Task SettleAsync(long[] published, List<(OutboxRow Row, string Reason)> poison, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (poison.Count > 0)
        {
            await using var setAside = new NpgsqlCommand(
                """
                WITH gone AS (
                    DELETE FROM outbox_messages o USING unnest($1::bigint[], $2::text[]) AS p(seq, reason) WHERE o.seq = p.seq
                    RETURNING o.seq, o.message_id, o.message_type, o.body::text AS body, o.trace_parent, o.created_at, p.reason)
                INSERT INTO outbox_dead (seq, message_id, message_type, body, trace_parent, created_at, reason)
                SELECT seq, message_id, message_type, body, trace_parent, created_at, reason FROM gone
                ON CONFLICT (seq) DO NOTHING
                """, connection, tx);
            setAside.Parameters.Add(new NpgsqlParameter { Value = poison.Select(p => p.Row.Seq).ToArray() });
            setAside.Parameters.Add(new NpgsqlParameter { Value = poison.Select(p => p.Reason).ToArray() });
            await setAside.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM outbox_messages WHERE seq = ANY($1)", connection, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = published });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    // The broker failed part-way: the batch is due again at once (the relay's own retry delay paces it).
    private async Task ReleaseAsync(List<OutboxRow> batch, CancellationToken cancellationToken)
    {
        await using var release = dataSource.CreateCommand("UPDATE outbox_messages SET due_at = now() WHERE seq = ANY($1)");
        release.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Seq).ToArray() });
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    // In the trace of the operation that wrote the row: MassTransit's send span, its headers and so
    // every consumer follow from here.
    private async Task PublishAsync(OutboxRow row, Type type, object message, CancellationToken cancellationToken)
    {
        using var activity = MessagingTelemetry.StartRelay(type.FullName!, row.TraceParent);
        activity?.SetTag("messaging.message.id", row.MessageId);
        try
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = row.MessageId;
                context.Durable = true;
                if (routes.RoutingKey(message) is { Length: > 0 } key)
                {
                    context.SetRoutingKey(key);
                }
            }), cancellationToken);
            logger.LogDebug("Relayed {MessageType} {MessageId} to the broker", type.Name, row.MessageId);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private sealed record OutboxRow(long Seq, Guid MessageId, string Type, string Body, string? TraceParent);

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
