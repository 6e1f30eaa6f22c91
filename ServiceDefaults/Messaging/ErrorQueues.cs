using System.Reflection;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FlexPlatform.ServiceDefaults.Messaging;

public sealed record ErrorQueueState(string Queue, long Messages);

/// <summary>
/// The <c>_error</c> queues of this service's consumers: messages that failed for a reason other than
/// a dependency being away. They are counted (health, dashboard) and can be replayed into their
/// queue once the cause is fixed; the inbox makes a replay of something already handled a no-op.
/// </summary>
public sealed class ErrorQueues(Uri broker, ErrorQueues.Endpoints endpoints) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;

    public sealed record Endpoints(IReadOnlyList<string> Names);

    public IReadOnlyList<string> Queues => endpoints.Names;

    public static string EndpointName(IEndpointNameFormatter formatter, Type consumer) =>
        (string)typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer), BindingFlags.Public | BindingFlags.Instance)!
            .MakeGenericMethod(consumer).Invoke(formatter, null)!;

    public async Task<IReadOnlyList<ErrorQueueState>> CountAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        var states = new List<ErrorQueueState>();
        foreach (var queue in endpoints.Names)
        {
            states.Add(new ErrorQueueState(queue, await CountAsync(connection, ErrorQueue(queue), cancellationToken)));
        }

        return states;
    }

    /// <summary>
    /// Moves the messages the endpoint's error queue held when the replay began back to the endpoint; returns how
    /// many moved. A message that fails again comes back behind them and waits for the next replay: a replay ends.
    /// </summary>
    public async Task<long> ReplayAsync(string queue, CancellationToken cancellationToken)
    {
        if (!endpoints.Names.Contains(queue, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{queue}' is not a queue of this service.", nameof(queue));
        }

        var connection = await ConnectAsync(cancellationToken);
        var waiting = await CountAsync(connection, ErrorQueue(queue), cancellationToken);
        if (waiting == 0)
        {
            return 0;
        }

        // Publisher confirms: a message is removed from the error queue only once its copy is safe.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        long moved = 0;
        while (moved < waiting && await channel.BasicGetAsync(ErrorQueue(queue), autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private static string ErrorQueue(string queue) => queue + "_error";

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    // One connection for health checks and replays, made again after the broker was away.
    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } open)
            {
                return open;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _connection = await new ConnectionFactory
            {
                Uri = broker,
                ClientProvidedName = "error-queues",
                RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                AutomaticRecoveryEnabled = false,
            }.CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    // MassTransit creates an error queue with its first failed message; a missing one holds nothing.
    private static async Task<long> CountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }
}
