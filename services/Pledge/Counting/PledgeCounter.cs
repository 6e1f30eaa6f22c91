using System.Globalization;
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
    public const string TotalChangedChannel = "pledge:total:changed";
    public static readonly RedisChannel TotalChanged = RedisChannel.Literal(TotalChangedChannel);

    // Increment only a copy that exists: a missing key is rebuilt from PostgreSQL, never started at 1.
    // Publishing inside the script keeps notices in the order Redis applied the changes.
    private static readonly LuaScript IncrementIfPresent = LuaScript.Prepare(
        """
        if redis.call('EXISTS', @key) == 0 then return nil end
        local total = redis.call('INCRBY', @key, @by)
        redis.call('PUBLISH', @channel, total)
        return total
        """);

    private static readonly LuaScript SetAndAnnounce = LuaScript.Prepare(
        """
        local previous = redis.call('GETSET', @key, @total)
        if previous ~= @total then redis.call('PUBLISH', @channel, @total) end
        return previous
        """);

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
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            return await FallbackTotalAsync(ex, cancellationToken);
        }
    }

    /// <summary>Called after a confirmation (+1) or withdrawal (-1) committed. Losing this call only delays the copy until the next reconcile.</summary>
    public async Task OnTotalMovedAsync(long by)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(IncrementIfPresent, new { key = TotalKey, by, channel = TotalChangedChannel });
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            logger.LogWarning("Could not update the cached total ({Reason}); the reconciler will", ex.GetType().Name);
        }
    }

    /// <summary>Re-sets the Redis copy from PostgreSQL and announces it when it changed.</summary>
    public async Task<long> ResyncAsync(CancellationToken cancellationToken)
    {
        var total = await store.CountConfirmedAsync(cancellationToken);
        await redis.GetDatabase().ScriptEvaluateAsync(SetAndAnnounce, new { key = TotalKey, total = total.ToString(CultureInfo.InvariantCulture), channel = TotalChangedChannel });
        return total;
    }

    /// <summary>After a bulk change: re-set Redis now rather than at the next reconcile, if Redis is there.</summary>
    public async Task<long> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ResyncAsync(cancellationToken);
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            logger.LogWarning("Redis unavailable ({Reason}); the reconciler will re-set the total", ex.GetType().Name);
            return await store.CountConfirmedAsync(cancellationToken);
        }
    }

    private async Task<long> FallbackTotalAsync(Exception outage, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_fallback is { } hit && now - hit.At < options.Value.FallbackCacheDuration)
        {
            return hit.Total;
        }

        // Logged per count, not per read: a Redis outage under load must not become a log flood.
        logger.LogWarning("Redis unavailable ({Reason}); counting in PostgreSQL", outage.GetType().Name);
        var total = await store.CountConfirmedAsync(cancellationToken);
        _fallback = (total, now);
        return total;
    }
}
