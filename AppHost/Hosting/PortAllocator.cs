using System.Net;
using System.Net.Sockets;

namespace FlexPlatform.AppHost.Hosting;

public static class PortAllocator
{
    private static readonly HashSet<int> Handed = [];

    /// <summary>A loopback port nobody listens on now, never handed out twice in this process.</summary>
    public static int GetFreePort()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                // RabbitMQ derives its distribution port as AMQP + 20000: keep ports low enough for that.
                if (port < 45000 && Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }

    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
