using System.Text.Json;
using FlexPlatform.AppHost.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlexPlatform.AppHost.Replicas;

/// <summary>
/// Every replica's own address for service discovery. Aspire hands a replicated project's peers one
/// address, DCP's proxy, which balances per connection: a gateway that keeps its few pooled connections
/// sends every request to the same replica, and a replica that comes back gets none. This writes each
/// running replica's endpoints to a JSON file (<c>services:pledge:http:0 …</c>) that every service adds
/// to its configuration with reload on change, so discovery lists the replicas themselves and the gateway
/// balances requests over them; a stopped replica leaves the list.
/// </summary>
internal sealed class ReplicaDiscovery(ResourceNotificationService notifications, IHostApplicationLifetime lifetime, ILogger<ReplicaDiscovery> logger)
{
    public const string FileSetting = "ServiceDiscovery__ReplicasFile";

    // resource name → replica id → endpoint name → URL
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> _running = [];

    public void Start(string path) => _ = Task.Run(() => WatchAsync(path, lifetime.ApplicationStopping));

    private async Task WatchAsync(string path, CancellationToken stoppingToken)
    {
        await WriteAsync(path, stoppingToken);
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource is ProjectResource project && IsReplicated(project) && Update(project.Name, change))
                {
                    await WriteAsync(path, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool Update(string name, ResourceEvent change)
    {
        var replicas = _running.TryGetValue(name, out var known) ? known : _running[name] = [];
        var endpoints = change.Snapshot.State?.Text == KnownResourceStates.Running ? Endpoints(change.Snapshot) : [];
        var before = replicas.TryGetValue(change.ResourceId, out var had) ? had : [];
        if (endpoints.Count == before.Count && endpoints.All(e => before.TryGetValue(e.Key, out var url) && url == e.Value))
        {
            return false;
        }

        if (endpoints.Count == 0)
        {
            replicas.Remove(change.ResourceId);
        }
        else
        {
            replicas[change.ResourceId] = endpoints;
        }

        return true;
    }

    // What the replica listens on, as DCP started it: Kestrel's endpoint settings, or ASPNETCORE_URLS.
    private static Dictionary<string, string> Endpoints(CustomResourceSnapshot snapshot)
    {
        var env = snapshot.EnvironmentVariables.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value!);
        var endpoints = env.Where(e => e.Key.StartsWith("Kestrel__Endpoints__", StringComparison.Ordinal) && e.Key.EndsWith("__Url", StringComparison.Ordinal))
            .ToDictionary(e => e.Key["Kestrel__Endpoints__".Length..^"__Url".Length], e => e.Value);
        if (endpoints.Count == 0 && env.TryGetValue("ASPNETCORE_URLS", out var urls))
        {
            endpoints["http"] = urls.Split(';')[0];
        }

        return endpoints.Where(e => !e.Value.Contains("{{", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value.Replace("://*:", "://localhost:", StringComparison.Ordinal));
    }

    private async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var services = _running.ToDictionary(
            r => r.Key,
            r => r.Value.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value)
                .GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.Value).ToArray()));
        // Written whole and renamed over the old file, so a reader never sees half of it.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(new { services }), cancellationToken);
        File.Move(temporary, path, overwrite: true);
        logger.LogDebug("Replicas: {Services}", JsonSerializer.Serialize(services));
    }

    public static bool IsReplicated(IResource resource) =>
        resource.ReplicaCount() > 1;
}

public static class ReplicaDiscoveryExtensions
{
    /// <summary>Lists each replica of a replicated project to every service's discovery; see <see cref="ReplicaDiscovery"/>.</summary>
    public static IDistributedApplicationBuilder AddReplicaDiscovery(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        if (!builder.Resources.Any(ReplicaDiscovery.IsReplicated))
        {
            return builder;
        }

        var path = Path.Combine(settings.DataDirectory, "replicas.json");
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(ReplicaDiscovery.FileSetting, path);
        }

        builder.Services.AddSingleton<ReplicaDiscovery>();
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            Directory.CreateDirectory(settings.DataDirectory);
            e.Services.GetRequiredService<ReplicaDiscovery>().Start(path);
            return Task.CompletedTask;
        });
        return builder;
    }
}
