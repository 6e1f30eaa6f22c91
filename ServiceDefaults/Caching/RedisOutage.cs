using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisOutage
{
    /// <summary>Redis is down or too slow: callers fall back instead of failing. Timeouts are not RedisExceptions.</summary>
    public static bool Is(Exception ex) => ex is RedisException or RedisTimeoutException;
}
