using System.Net.Sockets;
using Grpc.Core;
using Npgsql;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Failures that mean "a dependency is away, try again later" (a database, broker, cache or peer service down or
/// too slow), as opposed to a request or message that can never succeed. An allow-list: anything not named here is
/// a bug or bad data, retried a few times and then parked, never retried forever.
/// </summary>
public static class TransientFailures
{
    public static bool Is(Exception exception) => exception switch
    {
        PostgresException pg => IsTransientState(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient, // I/O and timeouts talking to the server
        // Connection loss, timeouts, and a restarted Redis answering LOADING while it reads its append-only file.
        RedisException or RedisTimeoutException => true,
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted
            // A call cut by the peer dying surfaces as Internal or Unknown: transient only when its cause is.
            || (rpc.StatusCode is StatusCode.Internal or StatusCode.Unknown && rpc.Status.DebugException is { } cause && Is(cause)),
        RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AlreadyClosedException => true,
        TimeoutException or SocketException or IOException or HttpRequestException => true,
        _ => exception.InnerException is { } inner && Is(inner),
    };

    /// <summary>
    /// Connection exceptions (08), insufficient resources (53), the server shutting down or starting (57P0x),
    /// serialization failures and deadlocks (40001, 40P01), a lock not available (55P03), a statement timeout (57014),
    /// a database closed to new connections for maintenance (55000).
    /// </summary>
    public static bool IsTransientState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState.StartsWith("57P0", StringComparison.Ordinal)
        || sqlState is "40001" or "40P01" or "55P03" or "57014"
        || sqlState is "55000"; // "database is not currently accepting connections" (ALLOW_CONNECTIONS false, maintenance)
}
