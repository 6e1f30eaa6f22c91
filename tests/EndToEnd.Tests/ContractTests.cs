using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>
/// Every event in Contracts has a consumer in some service: an event nobody reads is an outbox write and a broker
/// round trip for nothing, and a sign that a consumer was forgotten (as Pledge once never heard a member removed).
/// </summary>
public sealed class ContractTests
{
    private static readonly string[] Services = ["Pledge", "Coalition", "Content", "Engagement"];

    [Fact]
    public void Every_event_in_Contracts_is_consumed_by_a_service()
    {
        var consumed = Services.SelectMany(ConsumedEvents).ToHashSet(StringComparer.Ordinal);
        var events = Load("Pledge", "FlexPlatform.Contracts").GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null)
            .Select(t => t.FullName!)
            .ToList();

        Assert.NotEmpty(events);
        Assert.Contains("FlexPlatform.Contracts.Pledge.PledgeConfirmed", consumed);
        var unconsumed = events.Where(e => !consumed.Contains(e)).ToList();
        Assert.True(unconsumed.Count == 0, $"no service consumes {string.Join(", ", unconsumed)}");
    }

    /// <summary>
    /// The platform's list of durable queues (declared by every service before it publishes) names exactly the
    /// consumers the services have, under the names MassTransit gives their endpoints.
    /// </summary>
    [Fact]
    public void The_declared_durable_queues_are_the_services_consumers()
    {
        var subscriptions = Load("Pledge", "FlexPlatform.Contracts").GetType("FlexPlatform.Contracts.Subscriptions", throwOnError: true)!;
        var durable = (IReadOnlyDictionary<string, IReadOnlyList<Type>>)subscriptions.GetProperty("Durable")!.GetValue(null)!;
        var declared = durable.SelectMany(q => q.Value.Select(type => $"{q.Key} <- {type.FullName}")).ToHashSet(StringComparer.Ordinal);

        var perReplica = ((IReadOnlyList<Type>)subscriptions.GetProperty("PerReplica")!.GetValue(null)!).Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);
        var consumers = Services
            .SelectMany(service => Consumers(service).Where(c => !perReplica.Contains(c.Event)).Select(c => $"{QueuePrefix(service)}-{Kebab(c.Consumer)} <- {c.Event}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("engagement-pledge-confirmed <- FlexPlatform.Contracts.Pledge.PledgeConfirmed", consumers);
        Assert.Equal(consumers.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    /// <summary>A queue that hears only some routing keys of an event is one of the event's durable queues, and hears "",
    /// what a release before routing keys publishes with, so that a rolling deploy drops nothing.</summary>
    [Fact]
    public void Each_filtered_queue_is_declared_for_its_event_and_hears_events_published_without_a_key()
    {
        var subscriptions = Load("Pledge", "FlexPlatform.Contracts").GetType("FlexPlatform.Contracts.Subscriptions", throwOnError: true)!;
        var durable = (IReadOnlyDictionary<string, IReadOnlyList<Type>>)subscriptions.GetProperty("Durable")!.GetValue(null)!;
        var filtered = (IReadOnlyDictionary<(string Queue, Type Event), IReadOnlyList<string>>)subscriptions.GetProperty("Filtered")!.GetValue(null)!;

        Assert.NotEmpty(filtered);
        foreach (var ((queue, type), keys) in filtered)
        {
            Assert.Contains(type, durable[queue]);
            Assert.Contains("", keys);
        }
    }

    private static IEnumerable<string> ConsumedEvents(string service) => Consumers(service).Select(c => c.Event);

    /// <summary>Each consumer class of a service with the message type it takes, a batch counted as its element.</summary>
    private static IEnumerable<(string Consumer, string Event)> Consumers(string service) =>
        from type in Load(service, $"FlexPlatform.{service}").GetTypes()
        from contract in type.GetInterfaces()
        where contract.IsGenericType && contract.GetGenericTypeDefinition().FullName == "MassTransit.IConsumer`1"
        let message = contract.GetGenericArguments()[0]
        let consumed = message.IsGenericType && message.GetGenericTypeDefinition().FullName == "MassTransit.Batch`1" ? message.GetGenericArguments()[0] : message
        select (type.Name, consumed.FullName!);

    /// <summary>MassTransit's kebab-case endpoint name for a consumer: "PledgeConfirmedConsumer" is "pledge-confirmed".</summary>
    private static string Kebab(string consumer) =>
        Regex.Replace(consumer[..^"Consumer".Length], "(?<!^)([A-Z])", "-$1").ToLowerInvariant();

    /// <summary>The service's <c>Messaging:QueuePrefix</c>, from the settings it ships with.</summary>
    private static string QueuePrefix(string service)
    {
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Output(service), "appsettings.json")));
        return settings.RootElement.GetProperty("Messaging").GetProperty("QueuePrefix").GetString()!;
    }

    private static string Output(string service)
    {
        var ours = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(ours.Parent!.Parent!.FullName, service, ours.Name);
    }

    /// <summary>Loads an assembly from a service's build output (artifacts/bin/{service}/{configuration}) with its own dependencies.</summary>
    private static Assembly Load(string service, string assembly)
    {
        var output = Output(service);
        var context = new ServiceLoadContext(Path.Combine(output, $"FlexPlatform.{service}.dll"));
        return context.LoadFromAssemblyPath(Path.Combine(output, $"{assembly}.dll"));
    }

    private sealed class ServiceLoadContext(string mainAssembly) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName name) =>
            _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
