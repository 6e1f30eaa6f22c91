using System.Globalization;
using FlexPlatform.Pledge.Data;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexPlatform.Pledge.Counting;

/// <summary>
/// The public total. PostgreSQL is the truth (<see cref="TotalShards"/>); Redis holds a copy for
/// cheap reads and carries change notices to live streams. The copy is only ever set to a total read
/// from PostgreSQL, and only when that read's snapshot is newer than the one Redis holds, so readers
/// never see it step back or run ahead of what was committed. With Redis down, reads count in PostgreSQL.
/// </summary>
public sealed class PledgeCounter(IConnectionMultiplexer redis, SupporterStore store, IOptions<CounterOptions> options, TimeProvider clock, ILogger<PledgeCounter> logger)
{
    public static readonly RedisKey TotalKey = "pledge:total";
    public static readonly RedisKey SnapshotKey = "pledge:total:snapshot";
    public const string TotalChangedChannel = "pledge:total:changed";
    public static readonly RedisChannel TotalChanged = RedisChannel.Literal(TotalChangedChannel);

    // Sets the copy when the snapshot is newer than the stored one and publishes a change, in one
    // step, so notices arrive in order. Returns the total Redis now holds.
    private static readonly LuaScript SetIfNewer = LuaScript.Prepare(
        """
        local stored = redis.call('GET', @snapshotKey)
        -- A total evicted or flushed while its snapshot stayed: any committed count is better than none.
        if stored and redis.call('EXISTS', @key) == 1 then
          local cluster, xmax, running = string.match(stored, '^([^:]+):(%d+):(%d+)$')
          -- Transaction ids order snapshots of one cluster only: one from another (the database restored into a
          -- new cluster, whose ids start again) or in an older format orders nothing, and the new total wins.
          if cluster == @cluster then
            local newXmax = tonumber(@xmax)
            if newXmax < tonumber(xmax) or (newXmax == tonumber(xmax) and tonumber(@running) >= tonumber(running)) then
              return redis.call('GET', @key)
            end
          end
        end
        local previous = redis.call('GETSET', @key, @total)
        redis.call('SET', @snapshotKey, @cluster .. ':' .. @xmax .. ':' .. @running)
        if previous ~= @total then redis.call('PUBLISH', @channel, @total) end
        return @total
        """);

    private readonly object _gate = new();
    private readonly OutageLog _outage = new(logger, "Redis (the public total's copy)");
    private Task _current = Task.CompletedTask;
    private TaskCompletionSource? _next;
    private (long Total, DateTimeOffset At)? _fallback;

    public async Task<long> GetTotalAsync(CancellationToken cancellationToken)
    {
        try
        {
            var cached = await redis.GetDatabase().StringGetAsync(TotalKey);
            _outage.Succeeded();
            // A missing key parses as 0 in StackExchange.Redis: only a value that is there is the total.
            if (cached.HasValue && cached.TryParse(out long total))
            {
                return total;
            }

            return await PublishOnceAsync(cancellationToken);
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            _outage.Failed(ex);
            return await FallbackTotalAsync(cancellationToken);
        }
    }

    /// <summary>
    /// After a change committed: completes once a copy read after that commit reached Redis (or Redis
    /// could not take it; the reconciler then heals). Concurrent callers share one read, so a burst of
    /// confirmations costs a handful of reads, not one each.
    /// </summary>
    public Task PublishAfterCommitAsync()
    {
        lock (_gate)
        {
            if (_next is { } waiting)
            {
                return waiting.Task;
            }

            var round = _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = RunRoundAsync(_current, round);
            return round.Task;
        }
    }

    /// <summary>Reads PostgreSQL and offers the total to Redis; returns the total Redis holds afterwards.</summary>
    public async Task<long> PublishOnceAsync(CancellationToken cancellationToken)
    {
        var committed = await store.CountConfirmedAsync(cancellationToken);
        var held = await redis.GetDatabase().ScriptEvaluateAsync(SetIfNewer, new
        {
            key = TotalKey,
            snapshotKey = SnapshotKey,
            total = committed.Total.ToString(CultureInfo.InvariantCulture),
            xmax = committed.SnapshotXmax.ToString(CultureInfo.InvariantCulture),
            running = committed.SnapshotInProgress.ToString(CultureInfo.InvariantCulture),
            cluster = committed.Cluster,
            channel = TotalChangedChannel,
        });
        _outage.Succeeded();
        return long.Parse((string)held!, CultureInfo.InvariantCulture);
    }

    /// <summary>The truth, straight from PostgreSQL: for decisions (milestones) and for callers that must not read a cache.</summary>
    public async Task<long> CountCommittedAsync(CancellationToken cancellationToken) => (await store.CountConfirmedAsync(cancellationToken)).Total;

    private async Task RunRoundAsync(Task previous, TaskCompletionSource round)
    {
        // Always yield first: the caller still holds the lock and has not published this round yet.
        await Task.Yield();
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            // From here on, a caller needs a read that starts after this one: a new round.
            _next = null;
            _current = round.Task;
        }

        try
        {
            await PublishOnceAsync(CancellationToken.None);
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            _outage.Failed(ex);
        }
        catch (Exception ex) when (TransientFailures.Is(ex))
        {
            logger.LogWarning("The total could not be read to publish it ({Reason}); the reconciler will", ex.GetType().Name);
        }
        finally
        {
            round.TrySetResult();
        }
    }

    private async Task<long> FallbackTotalAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_fallback is { } hit && now - hit.At < options.Value.FallbackCacheDuration)
        {
            return hit.Total;
        }

        var total = await CountCommittedAsync(cancellationToken);
        _fallback = (total, now);
        return total;
    }
}
