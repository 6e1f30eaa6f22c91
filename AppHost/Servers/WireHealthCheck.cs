using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// Healthy when the server answers its protocol's greeting: an open port alone proves little (RabbitMQ
/// listens before it serves, and a proxied port accepts connections while its server is down).
/// </summary>
internal sealed class WireHealthCheck(IResourceWithEndpoints server, WireHealthCheck.Greeting greeting) : IHealthCheck
{
    public sealed record Greeting(byte[] Send, Func<byte[], int, bool> IsAnswer);

    public static readonly Greeting RedisPing = new("PING\r\n"u8.ToArray(), (b, n) => n >= 5 && b.AsSpan(0, 5).SequenceEqual("+PONG"u8));

    // epmd's NAMES_REQ (a 2-byte length, then 'n'); it answers with its own port in 4 bytes.
    public static readonly Greeting EpmdNames = new([0, 1, (byte)'n'], (b, n) => n >= 4);

    // AMQP 0-9-1's protocol header; a broker answers with a Connection.Start method frame (type 1).
    public static readonly Greeting AmqpHeader = new("AMQP\0\0\u0009\u0001"u8.ToArray(), (b, n) => n >= 1 && b[0] == 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = server.GetEndpoint("tcp");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", endpoint.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(greeting.Send, timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return greeting.IsAnswer(buffer, read) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("unexpected greeting");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
