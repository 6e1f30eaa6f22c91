using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace FlexPlatform.Gateway;

/// <summary>
/// Spreads each cluster over every replica service discovery lists (the cluster's LoadBalancingPolicy),
/// and rides out a replica that is down: a refused connection means the request was never sent, so it
/// goes to another replica at once, and the refusing one leaves the rotation until its passive health
/// check's reactivation period has passed.
/// </summary>
public static class ReplicaBalancing
{
    private static readonly TimeSpan Reactivation = TimeSpan.FromSeconds(5);

    public static IReverseProxyApplicationBuilder UseReplicaBalancing(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(FailOverRefusedConnectionsAsync);
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
        return proxy;
    }

    private static async Task FailOverRefusedConnectionsAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        while (true)
        {
            await next();
            if (context.Response.HasStarted
                || context.GetForwarderErrorFeature() is not { Error: ForwarderError.Request, Exception: var exception }
                || !NeverSent(exception)
                || proxy.ProxiedDestination is not { } refused)
            {
                return;
            }

            if (context.GetRouteModel().Cluster is { } cluster)
            {
                context.RequestServices.GetRequiredService<IDestinationHealthUpdater>()
                    .SetPassive(cluster, refused, DestinationHealth.Unhealthy, Reactivation);
            }

            candidates = candidates.Where(d => d != refused).ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            context.Features.Set<IForwarderErrorFeature?>(null);
            context.Response.Clear();
            proxy.AvailableDestinations = candidates;
        }
    }

    private static bool NeverSent(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
        || exception?.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
}
