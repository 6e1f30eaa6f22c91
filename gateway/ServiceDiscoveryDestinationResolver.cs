using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace FlexPlatform.Gateway;

/// <summary>
/// Expands destinations like <c>http://pledge</c> into the endpoints service discovery knows
/// (<c>services__pledge__http__0</c> from the AppHost, or DNS on Kubernetes).
/// Microsoft.Extensions.ServiceDiscovery.Yarp does this, but the registry here does not serve it.
/// </summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>();
        var changeTokens = new List<IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var uri = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync(uri.GetLeftPart(UriPartial.Authority), cancellationToken);
            changeTokens.Add(source.ChangeToken);
            var index = 0;
            foreach (var endpoint in source.Endpoints)
            {
                var address = endpoint.EndPoint switch
                {
                    UriEndPoint u => u.Uri.GetLeftPart(UriPartial.Authority),
                    DnsEndPoint d => $"{uri.Scheme}://{d.Host}:{d.Port}",
                    IPEndPoint ip => $"{uri.Scheme}://{ip}",
                    var other => throw new InvalidOperationException($"Cannot address endpoint {other} of {name}."),
                };
                resolved[$"{name}[{index++}]"] = destination with { Address = address + uri.AbsolutePath.TrimEnd('/'), Host = destination.Host };
            }
        }

        return new ResolvedDestinationCollection(resolved, new CompositeChangeToken(changeTokens));
    }
}
