using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace FlexPlatform.ServiceDefaults.Http;

/// <summary>
/// Whom the gateway and the web client believe about a visitor's address (<c>TrustedProxies</c> settings): only
/// the proxies named here may say who the client is, and only for the last <see cref="ForwardLimit"/> hops. None
/// named: loopback only, which is what a local run needs. Behind an Ingress, name its network (the Kubernetes
/// overlay does), or every visitor shares one address and its rate limits.
/// </summary>
public sealed class TrustedProxies
{
    public const string Section = "TrustedProxies";

    /// <summary>Single proxy addresses (the web client's, a load balancer's).</summary>
    public string[] Addresses { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (an Ingress controller's pod network).</summary>
    public string[] Networks { get; set; } = [];

    /// <summary>How many proxies, counted from this server back, may each add one address.</summary>
    public int ForwardLimit { get; set; } = 1;

    public static ForwardedHeadersOptions ForwardedHeaders(IConfiguration configuration, ForwardedHeaders headers)
    {
        var trusted = configuration.GetSection(Section).Get<TrustedProxies>() ?? new TrustedProxies();
        var options = new ForwardedHeadersOptions { ForwardedHeaders = headers, ForwardLimit = trusted.ForwardLimit };
        if (trusted.Addresses.Length + trusted.Networks.Length == 0)
        {
            return options;
        }

        // Named proxies replace the loopback defaults: on a shared host another local process must not count.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in trusted.Addresses)
        {
            options.KnownProxies.Add(IPAddress.Parse(address));
        }

        foreach (var network in trusted.Networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return options;
    }
}
