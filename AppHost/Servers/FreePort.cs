using System.Net;
using System.Net.Sockets;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// A free port, picked when the model is built, for what listens without DCP's proxy (the servers, a
/// single-process service; the test platforms' own settings). Through the proxy a connection to a process
/// that is down hangs instead of being refused, and every call pays a second hop.
/// </summary>
/// <remarks>
/// A port is only reserved once its server binds it, maybe a minute later. Two hazards in between: an outgoing
/// connection (a pooled database or broker connection of anything on the machine) takes its local port from the
/// kernel's ephemeral range, so picks come from below that range; and two platforms starting side by side (the test
/// assemblies) could pick the same one, so each pick is claimed with a file the others see.
/// </remarks>
public static class FreePort
{
    private const int Lowest = 10_000;
    // Long enough to outlast a platform's run, restarts of its servers included.
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromHours(12);
    private static readonly string Claims = Path.Combine(Path.GetTempPath(), $"flexplatform-ports-{Environment.UserName}");

    public static int Pick()
    {
        var below = EphemeralLow();
        if (below - Lowest < 1_000)
        {
            return AnyFree(); // no room below the ephemeral range on this machine
        }

        Directory.CreateDirectory(Claims);
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, below);
            if (TryClaim(port) && CanBind(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port between {Lowest} and {below} after 1,000 tries.");
    }

    // A new claim is made atomically (CreateNew); an expired one is taken over while holding it exclusively
    // (an flock on Linux), so two pickers never both take it.
    private static bool TryClaim(int port)
    {
        var claim = Path.Combine(Claims, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var _ = new FileStream(claim, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            return true;
        }
        catch (IOException) when (File.Exists(claim))
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        try
        {
            using var held = new FileStream(claim, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(claim) < ClaimLifetime)
            {
                return false; // claimed by another platform
            }

            File.SetLastWriteTimeUtc(claim, DateTime.UtcNow);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // being taken over by another picker right now
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AnyFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // "32768\t60999" on Linux; elsewhere the IANA range's start.
    private static int EphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var low)
            ? low
            : 49_152;
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
