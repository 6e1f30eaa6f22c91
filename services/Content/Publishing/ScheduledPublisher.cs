using FlexPlatform.Content.Data;

namespace FlexPlatform.Content.Publishing;

/// <summary>Publishes scheduled posts when they fall due, on every replica; the claim in <see cref="PostStore.PublishDueAsync"/> keeps it once.</summary>
public sealed class ScheduledPublisher(PostStore store, TimeProvider clock, ILogger<ScheduledPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await store.PublishDueAsync(stoppingToken) is var count and > 0)
                {
                    logger.LogInformation("Published {Count} scheduled posts", count);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away (or a row failed): the next tick tries again and nothing due is lost.
                logger.LogWarning(TransientFailures.Is(ex) ? null : ex, "Scheduled posts not checked ({Reason})", ex.GetType().Name);
            }
        }
    }
}
