using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>What is retried until it works (a dependency away) and what is parked after a few tries (everything else).</summary>
public sealed class TransientFailuresTests
{
    [Theory]
    [InlineData("08006", true)] // connection failure
    [InlineData("53300", true)] // too many connections
    [InlineData("57P01", true)] // admin shutdown
    [InlineData("57P03", true)] // cannot connect now (starting)
    [InlineData("40001", true)] // serialization failure
    [InlineData("40P01", true)] // deadlock
    [InlineData("55P03", true)] // lock not available
    [InlineData("57014", true)] // statement timeout
    [InlineData("55000", true)] // database not accepting connections (maintenance)
    [InlineData("23505", false)] // unique violation: the data, not the server
    [InlineData("22001", false)] // value too long
    [InlineData("42P01", false)] // undefined table: a bug
    [InlineData("XX000", false)] // internal error
    [InlineData("P0001", false)] // raised by a function
    public void PostgreSQL_states_on_the_allow_list_are_retried_and_no_others(string sqlState, bool transient) =>
        Assert.Equal(transient, TransientFailures.Is(new PostgresException("test", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void Lost_connections_and_timeouts_are_retried_bugs_are_not()
    {
        Assert.True(TransientFailures.Is(new NpgsqlException("Exception while reading from stream", new IOException("reset"))));
        Assert.True(TransientFailures.Is(new TimeoutException()));
        Assert.True(TransientFailures.Is(new RpcException(new Status(StatusCode.Unavailable, "down"))));
        Assert.True(TransientFailures.Is(new RpcException(new Status(StatusCode.Internal, "stream reset", new IOException("reset")))));
        Assert.True(TransientFailures.Is(new InvalidOperationException("wrapped", new TimeoutException())));

        Assert.False(TransientFailures.Is(new RpcException(new Status(StatusCode.Internal, "the peer threw"))));
        Assert.False(TransientFailures.Is(new RpcException(new Status(StatusCode.InvalidArgument, "bad"))));
        Assert.False(TransientFailures.Is(new InvalidOperationException("a bug")));
        Assert.False(TransientFailures.Is(new System.Text.Json.JsonException("unreadable")));
    }
}
