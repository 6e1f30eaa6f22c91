namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Who hears which event, as <c>AddMessaging</c> takes it from the platform's contracts: the durable queues with their
/// events; the queues that hear only some routing keys of an event; and the key each event is published with.
/// </summary>
/// <param name="Durable">Every durable queue of the platform with the events bound to it (<see cref="DurableSubscriptions"/>).</param>
/// <param name="Filtered">
/// A queue that hears an event only when it carries one of these routing keys. "" is the key of a publisher that
/// sets none (every release before routing keys), heard so that a rolling deploy drops nothing.
/// </param>
/// <param name="RoutingKey">The key an event is published with; "" for none.</param>
public sealed record EventRoutes(
    IReadOnlyDictionary<string, IReadOnlyList<Type>> Durable,
    IReadOnlyDictionary<(string Queue, Type Event), IReadOnlyList<string>> Filtered,
    Func<object, string> RoutingKey)
{
    /// <summary>Every event to every queue bound to it, published without a routing key.</summary>
    public static EventRoutes Unfiltered(IReadOnlyDictionary<string, IReadOnlyList<Type>> durable) =>
        new(durable, new Dictionary<(string, Type), IReadOnlyList<string>>(), _ => "");

    /// <summary>The direct exchange a filtered queue hears one event type through, bound once per key it wants.</summary>
    public static string KeyedExchange(string queue, Type type) => $"{queue}.{type.Name}.keyed";
}
