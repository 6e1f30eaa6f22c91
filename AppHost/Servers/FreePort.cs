using System.Net;
using System.Net.Sockets;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// A port for a server that DCP does not proxy. Through DCP's proxy a connection to a server that is
/// down hangs instead of being refused, and every query pays a second hop: the servers listen on their
/// own port, picked free when the model is built.
/// </summary>
internal static class FreePort
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
