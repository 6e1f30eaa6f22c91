using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;

namespace FlexPlatform.Pledge.Reads;

/// <summary>
/// Public aggregates that are costly to compute and fine to be seconds old: computed by one caller,
/// shared through Redis by every replica, and held in memory for a second so a burst of readers costs
/// neither PostgreSQL nor Redis. Without Redis it still computes once per second per replica.
/// </summary>
public sealed class SnapshotCache(IConnectionMultiplexer redis, TimeProvider clock, ILogger<SnapshotCache> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan LocalLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (object Value, DateTimeOffset At)> _local = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _computing = new();

    public async Task<T> GetAsync<T>(string key, TimeSpan lifetime, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
        where T : class
    {
        if (TryLocal<T>(key) is { } fresh)
        {
            return fresh;
        }

        var gate = _computing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (TryLocal<T>(key) is { } computedMeanwhile)
            {
                return computedMeanwhile;
            }

            var value = await FromRedisAsync<T>(key);
            if (value is null)
            {
                value = await compute(cancellationToken);
                await ToRedisAsync(key, value, lifetime);
            }

            _local[key] = (value, clock.GetUtcNow());
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops a snapshot everywhere, e.g. the supporters wall after someone erased their data.</summary>
    public async Task InvalidateAsync(string key)
    {
        _local.TryRemove(key, out _);
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            logger.LogWarning("Could not drop snapshot {Key} ({Reason}); it expires on its own", key, ex.GetType().Name);
        }
    }

    private T? TryLocal<T>(string key) where T : class =>
        _local.TryGetValue(key, out var hit) && clock.GetUtcNow() - hit.At < LocalLifetime ? (T)hit.Value : null;

    private async Task<T?> FromRedisAsync<T>(string key) where T : class
    {
        try
        {
            var cached = await redis.GetDatabase().StringGetAsync(key);
            return cached.HasValue ? JsonSerializer.Deserialize<T>(cached.ToString(), Json) : null;
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            return null;
        }
    }

    private async Task ToRedisAsync<T>(string key, T value, TimeSpan lifetime)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(value, Json), lifetime);
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            logger.LogDebug("Snapshot {Key} not shared: {Reason}", key, ex.GetType().Name);
        }
    }
}
