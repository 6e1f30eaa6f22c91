using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Engagement.Milestones;

/// <summary>
/// Reads the public total from Pledge (gRPC) when confirmations arrive, at most once per second,
/// and announces each milestone exactly once: the milestone row and its event commit together.
/// </summary>
public sealed class MilestoneWatcher(
    Supporters.SupportersClient pledge,
    NpgsqlDataSource dataSource,
    Outbox outbox,
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

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var threshold in reached)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO milestones (threshold, reached_at, total_seen) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection, tx);
            var now = clock.GetUtcNow();
            insert.Parameters.Add(new NpgsqlParameter { Value = threshold });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            insert.Parameters.Add(new NpgsqlParameter { Value = counts.Total });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await outbox.AddAsync(tx, new MilestoneReached(threshold, counts.Total, now), cancellationToken);
                logger.LogInformation("Milestone {Threshold} reached with {Total} supporters", threshold, counts.Total);
            }
        }

        await outbox.CommitAsync(tx, cancellationToken);
    }
}
