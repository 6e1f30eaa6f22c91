using System.Reflection;
using MassTransit;
using RabbitMQ.Client;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Declares every durable queue of the platform and binds its events, the way MassTransit's consume topology
/// does (a fanout exchange per event type, bound to an exchange and queue named for the endpoint). Each service
/// does it before its first publish, so on a first deploy an event waits in the queue of a consumer that has
/// never run, in any start order, instead of reaching an exchange with nothing bound and being dropped.
/// A filtered queue (<see cref="EventRoutes.Filtered"/>) hears its event through a direct exchange bound for the keys
/// it wants instead, and the unfiltered binding an earlier release made is removed.
/// </summary>
public sealed class DurableSubscriptions(Uri broker, EventRoutes routes, IBus bus)
{
    private static readonly MethodInfo MessageTopology = typeof(IBusTopology).GetMethod(nameof(IBusTopology.Message))!;
    private volatile bool _declared;

    public IReadOnlyDictionary<string, IReadOnlyList<Type>> Queues => routes.Durable;

    public async Task EnsureDeclaredAsync(CancellationToken cancellationToken)
    {
        if (_declared || routes.Durable.Count == 0)
        {
            return;
        }

        await using var connection = await new ConnectionFactory
        {
            Uri = broker,
            ClientProvidedName = "durable-subscriptions",
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            AutomaticRecoveryEnabled = false,
        }.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var (queue, events) in routes.Durable)
        {
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, queue, "", cancellationToken: cancellationToken);
            // Its error queue, declared as MassTransit declares it with the first failed message, so the error-queue
            // health check finds it instead of asking the broker every 5 s for a queue it lacks (a logged not_found).
            var error = queue + "_error";
            await channel.ExchangeDeclareAsync(error, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(error, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(error, error, "", cancellationToken: cancellationToken);
            foreach (var type in events)
            {
                var exchange = EntityName(type);
                await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                if (routes.Filtered.TryGetValue((queue, type), out var keys))
                {
                    var keyed = EventRoutes.KeyedExchange(queue, type);
                    await channel.ExchangeDeclareAsync(keyed, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                    foreach (var key in keys)
                    {
                        await channel.QueueBindAsync(queue, keyed, key, cancellationToken: cancellationToken);
                    }

                    await channel.ExchangeBindAsync(keyed, exchange, "", cancellationToken: cancellationToken);
                    // Only now, so no event falls between the two: an earlier release's binding hears every key. One such
                    // release restarting puts it back until a current one starts; meanwhile the queue hears every event
                    // again, each once (the broker puts a message in a queue once, however many of its bindings match).
                    await channel.ExchangeUnbindAsync(queue, exchange, "", cancellationToken: cancellationToken);
                }
                else
                {
                    await channel.ExchangeBindAsync(queue, exchange, "", cancellationToken: cancellationToken);
                }
            }
        }

        _declared = true;
    }

    /// <summary>The exchange MassTransit publishes this event type to ("Namespace:Name").</summary>
    private string EntityName(Type type)
    {
        var topology = MessageTopology.MakeGenericMethod(type).Invoke(bus.Topology, null)!;
        return (string)topology.GetType().GetProperty(nameof(IMessageTopology<object>.EntityName))!.GetValue(topology)!;
    }
}
