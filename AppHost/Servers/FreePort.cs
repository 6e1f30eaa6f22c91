using System.Net;
using System.Net.Sockets;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// A free port, picked when the model is built, for what listens without DCP's proxy (the servers, a
/// single-process service; the test platforms' own settings). Through the proxy a connection to a process
/// that is down hangs instead of being refused, and every call pays a second hop.
/// </summary>
public static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class ServerEndpoints
{
    /// <summary>An endpoint on a free port that the server itself listens on (not behind DCP's proxy).</summary>
    public static IResourceBuilder<T> WithOwnPort<T>(this IResourceBuilder<T> builder, string name) where T : IResourceWithEndpoints
    {
        var port = FreePort.Pick();
        return builder.WithEndpoint(name: name, scheme: "tcp", port: port, targetPort: port, isProxied: false);
    }
}
