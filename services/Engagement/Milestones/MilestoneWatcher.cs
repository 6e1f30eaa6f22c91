using FlexPlatform.Engagement.Data;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Messaging;

namespace FlexPlatform.Engagement.Milestones;

/// <summary>
/// Reads the public total from Pledge (gRPC) when confirmations arrive, at most once per second,
/// and announces each milestone exactly once: the milestone row and its event commit together.
/// </summary>
public sealed class MilestoneWatcher(
    Supporters.SupportersClient pledge,
    MilestoneStore store,
    TimeProvider clock,
    ILogger<MilestoneWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MinimumGap = TimeSpan.FromSeconds(1);
    private readonly OutboxSignal _pending = new();

    public void CheckSoon() => _pending.Notify();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Also look once a minute, in case a check failed while Pledge was away.
                await _pending.WaitAsync(TimeSpan.FromMinutes(1), stoppingToken);
                await CheckAsync(stoppingToken);
                await Task.Delay(MinimumGap, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Milestone check failed; will retry");
                _pending.Notify();
                await Task.Delay(MinimumGap, clock, stoppingToken);
            }
        }
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var counts = await pledge.GetCountsAsync(new GetCountsRequest(), cancellationToken: cancellationToken);
        var reached = MilestoneRules.ReachedBy(counts.Total).ToArray();
        if (reached.Length == 0)
        {
            return;
        }

        foreach (var threshold in await store.RecordAsync(reached, counts.Total, clock.GetUtcNow(), cancellationToken))
        {
            logger.LogInformation("Milestone {Threshold} reached with {Total} supporters", threshold, counts.Total);
        }
    }
}
