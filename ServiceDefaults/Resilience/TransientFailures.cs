using System.Net.Sockets;
using Grpc.Core;
using Npgsql;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Failures that mean "a dependency is away, try again later" (a database, broker, cache or peer
/// service down or too slow), as opposed to a request or message that can never succeed.
/// </summary>
public static class TransientFailures
{
    public static bool Is(Exception exception) => exception switch
    {
        // Data, integrity and syntax errors are about the statement, not the server being away.
        PostgresException pg => pg.SqlState[..2] is not ("22" or "23" or "42" or "P0"),
        NpgsqlException => true,
        RedisException or RedisTimeoutException => true,
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
            or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown,
        TimeoutException or SocketException or IOException or HttpRequestException => true,
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
