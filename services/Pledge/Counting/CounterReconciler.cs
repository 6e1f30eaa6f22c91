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
        redis.ConnectionRestored += (_, _) => restored.Release();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await counter.PublishOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (RedisOutage.Is(ex) || ex is Npgsql.NpgsqlException)
            {
                logger.LogDebug("Counter reconcile skipped: {Reason}", ex.GetType().Name);
            }

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
}
