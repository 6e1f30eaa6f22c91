using System.Collections.Concurrent;
using FlexPlatform.Engagement.Data;
using StackExchange.Redis;

namespace FlexPlatform.Engagement.Live;

/// <summary>
/// Live signature counts, Pledge's approach per petition: one Redis subscription per replica carries
/// "this petition's count moved" notices; the replica recounts rows in PostgreSQL (the truth) once per
/// notice for the petitions someone is watching and wakes their streams. With Redis away it polls.
/// </summary>
public sealed class SignatureBroadcaster(IConnectionMultiplexer redis, PetitionStore store, ILogger<SignatureBroadcaster> logger) : BackgroundService
{
    public static readonly RedisChannel Changed = RedisChannel.Literal("engagement:petitions:changed");
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, Watch> _watched = new();
    private readonly Lock _gate = new();

    /// <summary>Starts watching a petition's count; dispose the lease when the stream ends.</summary>
    public async Task<Lease> WatchAsync(Guid petitionId, CancellationToken cancellationToken)
    {
        Watch watch;
        lock (_gate)
        {
            watch = _watched.GetOrAdd(petitionId, _ => new Watch());
            watch.Watchers++;
        }

        if (watch.Latest < 0)
        {
            try
            {
                watch.Announce(await store.CountAsync(petitionId, cancellationToken));
            }
            catch
            {
                // The client left (or the count failed) before it got a lease to give back: give it back here.
                Release(petitionId, watch);
                throw;
            }
        }

        return new Lease(this, petitionId, watch);
    }

    /// <summary>Petitions some stream is watching on this replica.</summary>
    public int WatchedPetitions => _watched.Count;

    /// <summary>Called after a change committed: every replica recounts. Without Redis, this replica does at once.</summary>
    public async Task NotifyAsync(Guid petitionId)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Changed, petitionId.ToString("N"));
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            logger.LogWarning("Could not announce a signature change ({Reason}); recounting locally", ex.GetType().Name);
            await RecountAsync(petitionId, CancellationToken.None);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscribed = false;
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                if (!subscribed)
                {
                    var queue = await redis.GetSubscriber().SubscribeAsync(Changed);
                    queue.OnMessage(async message =>
                    {
                        if (Guid.TryParseExact(message.Message.ToString(), "N", out var id))
                        {
                            await RecountAsync(id, stoppingToken);
                        }
                    });
                    subscribed = true;
                }

                if (!redis.IsConnected)
                {
                    foreach (var id in _watched.Keys)
                    {
                        await RecountAsync(id, stoppingToken);
                    }
                }
            }
            catch (Exception ex) when (RedisOutage.Is(ex) || ex is Npgsql.NpgsqlException)
            {
                logger.LogDebug("Live signature counts not refreshed: {Reason}", ex.GetType().Name);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A background loop never stops the host: the next tick tries again.
                logger.LogError(ex, "Live signature counts not refreshed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task RecountAsync(Guid petitionId, CancellationToken cancellationToken)
    {
        // Coalesced as Pledge's counter is: while one count of a petition runs, notices only ask for one more after it.
        if (!_watched.TryGetValue(petitionId, out var watch) || !watch.TryStartRecount())
        {
            return;
        }

        try
        {
            do
            {
                watch.Announce(await store.CountAsync(petitionId, cancellationToken));
            }
            while (watch.RecountAgain());
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException)
        {
            watch.EndRecount();
            logger.LogDebug("Recount of a petition failed: {Reason}", ex.GetType().Name);
        }
    }

    private void Release(Guid petitionId, Watch watch)
    {
        // Under the lock, so a stream arriving as the last one leaves never gets a watch nobody updates.
        lock (_gate)
        {
            if (--watch.Watchers == 0)
            {
                _watched.TryRemove(new KeyValuePair<Guid, Watch>(petitionId, watch));
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public sealed class Watch
    {
        internal int Watchers;
        private readonly Lock _recount = new();
        private long _latest = -1;
        private TaskCompletionSource _changed = NewSignal();
        private bool _recounting;
        private bool _recountAgain;

        public long Latest => Interlocked.Read(ref _latest);

        public Task NextChangeAsync() => Volatile.Read(ref _changed).Task;

        internal void Announce(long count)
        {
            if (Interlocked.Exchange(ref _latest, count) != count)
            {
                Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
            }
        }

        /// <summary>True when this caller should count; false when a count runs and will run once more for it.</summary>
        internal bool TryStartRecount()
        {
            lock (_recount)
            {
                if (_recounting)
                {
                    _recountAgain = true;
                    return false;
                }

                _recounting = true;
                return true;
            }
        }

        /// <summary>After a count: whether a notice came while it ran (count again), else the count is over.</summary>
        internal bool RecountAgain()
        {
            lock (_recount)
            {
                _recounting = _recountAgain;
                _recountAgain = false;
                return _recounting;
            }
        }

        internal void EndRecount()
        {
            lock (_recount)
            {
                _recounting = _recountAgain = false;
            }
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed class Lease(SignatureBroadcaster owner, Guid petitionId, Watch watch) : IDisposable
    {
        public Watch Watch => watch;

        public void Dispose() => owner.Release(petitionId, watch);
    }
}
