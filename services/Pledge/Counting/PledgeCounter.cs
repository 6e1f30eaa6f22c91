using FlexPlatform.Pledge.Data;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexPlatform.Pledge.Counting;

/// <summary>
/// The public total. PostgreSQL is the truth; Redis holds a copy that confirmations increment and the
/// reconciler re-sets, and carries change notices to live streams. With Redis down, reads fall back to
/// PostgreSQL (briefly cached so a burst of readers does not become a burst of counts).
/// </summary>
public sealed class PledgeCounter(IConnectionMultiplexer redis, SupporterStore store, IOptions<CounterOptions> options, TimeProvider clock, ILogger<PledgeCounter> logger)
{
    public static readonly RedisKey TotalKey = "pledge:total";
    public static readonly RedisChannel TotalChanged = RedisChannel.Literal("pledge:total:changed");

    // Increment only a copy that exists: a missing key is rebuilt from PostgreSQL, never started at 1.
    private static readonly LuaScript IncrementIfPresent = LuaScript.Prepare(
        "if redis.call('EXISTS', @key) == 1 then return redis.call('INCRBY', @key, @by) else return nil end");

    private (long Total, DateTimeOffset At)? _fallback;

    public async Task<long> GetTotalAsync(CancellationToken cancellationToken)
    {
        try
        {
            var cached = await redis.GetDatabase().StringGetAsync(TotalKey);
            if (cached.TryParse(out long total))
            {
                return total;
            }

            return await ResyncAsync(cancellationToken);
        }
        catch (RedisException ex)
        {
            logger.LogWarning("Redis unavailable ({Reason}); counting in PostgreSQL", ex.GetType().Name);
            return await FallbackTotalAsync(cancellationToken);
        }
    }

    /// <summary>Called after a confirmation committed. Losing this call only delays the copy until the next reconcile.</summary>
    public async Task OnTotalMovedAsync(long by)
    {
        try
        {
            var db = redis.GetDatabase();
            var result = await db.ScriptEvaluateAsync(IncrementIfPresent, new { key = TotalKey, by });
            if (!result.IsNull)
            {
                await db.PublishAsync(TotalChanged, (long)result);
            }
        }
        catch (RedisException ex)
        {
            logger.LogWarning("Could not update the cached total ({Reason}); the reconciler will", ex.GetType().Name);
        }
    }

    /// <summary>Re-sets the Redis copy from PostgreSQL and announces it when it changed.</summary>
    public async Task<long> ResyncAsync(CancellationToken cancellationToken)
    {
        var total = await store.CountConfirmedAsync(cancellationToken);
        var db = redis.GetDatabase();
        var previous = await db.StringSetAndGetAsync(TotalKey, total);
        if (!previous.TryParse(out long old) || old != total)
        {
            await db.PublishAsync(TotalChanged, total);
        }

        return total;
    }

    private async Task<long> FallbackTotalAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_fallback is { } hit && now - hit.At < options.Value.FallbackCacheDuration)
        {
            return hit.Total;
        }

        var total = await store.CountConfirmedAsync(cancellationToken);
        _fallback = (total, now);
        return total;
    }
}
