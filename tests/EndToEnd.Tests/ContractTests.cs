using System.Reflection;
using System.Runtime.Loader;
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

    /// <summary>The message types a service's consumers take, a batch counted as its element.</summary>
    private static IEnumerable<string> ConsumedEvents(string service) =>
        Load(service, $"FlexPlatform.{service}").GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == "MassTransit.IConsumer`1")
            .Select(i => i.GetGenericArguments()[0])
            .Select(m => m.IsGenericType && m.GetGenericTypeDefinition().FullName == "MassTransit.Batch`1" ? m.GetGenericArguments()[0] : m)
            .Select(m => m.FullName!);

    /// <summary>Loads an assembly from a service's build output (artifacts/bin/{service}/{configuration}) with its own dependencies.</summary>
    private static Assembly Load(string service, string assembly)
    {
        var ours = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var output = Path.Combine(ours.Parent!.Parent!.FullName, service, ours.Name);
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
