using System.Diagnostics.Metrics;
using FlexPlatform.Pledge.Counting;
using StackExchange.Redis;

namespace FlexPlatform.Pledge.Live;

/// <summary>
/// One Redis subscription per replica, shared by every open stream: each replica hears the same
/// ordered notices, so all of them agree on the total. With Redis or the subscription away it polls the counter
/// (which then reads PostgreSQL), so streams keep moving through an outage, and every few seconds it polls anyway,
/// so a notice lost in a reconnect is made good.
/// </summary>
public sealed class TotalBroadcaster(IConnectionMultiplexer redis, PledgeCounter counter, IMeterFactory meters, ILogger<TotalBroadcaster> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // A notice can be lost without Redis looking away: its subscription reconnects apart from the connection that
    // stores the total. Streams are set right from the stored total this often, whatever was heard.
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _latest = -1;
    private long _notices;

    /// <summary>The newest total heard, or -1 before the first one.</summary>
    public long Latest => Interlocked.Read(ref _latest);

    /// <summary>Completes the next time the total moves.</summary>
    public Task NextChangeAsync() => Volatile.Read(ref _changed).Task;

    /// <summary>A notice from Redis: notices arrive in the order their totals were stored.</summary>
    public void Announce(long total)
    {
        lock (_gate)
        {
            _notices++;
            Set(total);
        }
    }

    /// <summary>
    /// A total polled while notices could not arrive: announced only if no notice came while it was read, since a
    /// notice heard meanwhile (Redis reconnecting) is newer and the stream must never step back to an older total.
    /// </summary>
    public void AnnouncePolled(long total, long noticesBefore)
    {
        lock (_gate)
        {
            if (_notices == noticesBefore)
            {
                Set(total);
            }
        }
    }

    /// <summary>How many notices were heard: taken before a poll, for <see cref="AnnouncePolled"/>.</summary>
    public long NoticesHeard
    {
        get
        {
            lock (_gate)
            {
                return _notices;
            }
        }
    }

    private void Set(long total)
    {
        if (Interlocked.Exchange(ref _latest, total) != total)
        {
            Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The public total as the streams show it; nothing until the first one is heard.
        meters.Create("FlexPlatform.Pledge").CreateObservableGauge(
            "flex.pledge.total", () => Latest >= 0 ? [new Measurement<long>(Latest)] : Array.Empty<Measurement<long>>(), "{supporter}", "The public total of confirmed supporters.");

        var subscribed = false;
        var reconciledAt = Environment.TickCount64;
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                if (!subscribed)
                {
                    var queue = await redis.GetSubscriber().SubscribeAsync(PledgeCounter.TotalChanged);
                    queue.OnMessage(message =>
                    {
                        if (message.Message.TryParse(out long total))
                        {
                            Announce(total);
                        }
                    });
                    subscribed = true;
                }

                // Notices only say what changed; poll when they cannot arrive, once at start, and now and then anyway.
                var reconcile = Environment.TickCount64 - reconciledAt >= ReconcileInterval.TotalMilliseconds;
                if (!redis.IsConnected || !redis.GetSubscriber().IsConnected(PledgeCounter.TotalChanged) || Latest < 0 || reconcile)
                {
                    var noticesBefore = NoticesHeard;
                    AnnouncePolled(await counter.GetTotalAsync(stoppingToken), noticesBefore);
                    reconciledAt = Environment.TickCount64;
                }
            }
            catch (Exception ex) when (RedisOutage.Is(ex) || ex is Npgsql.NpgsqlException)
            {
                logger.LogDebug("Live total not refreshed: {Reason}", ex.GetType().Name);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A background loop never stops the host: the next tick tries again.
                logger.LogError(ex, "Live total not refreshed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
