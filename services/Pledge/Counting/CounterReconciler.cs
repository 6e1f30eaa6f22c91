using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexPlatform.Pledge.Counting;

/// <summary>
/// Keeps Redis exact: re-sets the total from PostgreSQL on an interval and whenever Redis comes back,
/// so increments lost to a crash or an outage heal once the system is quiet.
/// </summary>
public sealed class CounterReconciler(PledgeCounter counter, IConnectionMultiplexer redis, IOptions<CounterOptions> options, ILogger<CounterReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var restored = new SemaphoreSlim(0);
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => restored.Release();
        redis.ConnectionRestored += OnRestored;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ReconcileAsync(stoppingToken);
                try
                {
                    await restored.WaitAsync(options.Value.ReconcileInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            // Unhooked before the semaphore is disposed: a reconnect after shutdown must not touch it.
            redis.ConnectionRestored -= OnRestored;
        }
    }

    private async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        try
        {
            await counter.PublishOnceAsync(stoppingToken);
        }
        catch (Exception ex) when (RedisOutage.Is(ex) || ex is Npgsql.NpgsqlException)
        {
            logger.LogDebug("Counter reconcile skipped: {Reason}", ex.GetType().Name);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A background loop never stops the host (by default it would stop every replica): try again next round.
            logger.LogError(ex, "Counter reconcile failed");
        }
    }
}
