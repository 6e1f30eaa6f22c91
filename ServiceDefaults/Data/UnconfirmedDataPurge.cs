using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Data;

/// <summary>Rows someone started and never confirmed: <paramref name="Stale"/> is a condition on <c>@cutoff</c> (the oldest time kept).</summary>
public sealed record UnconfirmedRows(string What, string Table, string Stale);

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>How long a pledge, RSVP, signature, story or comment nobody confirmed is kept after its last mail.</summary>
    public TimeSpan Unconfirmed { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes personal data nobody confirmed once <see cref="RetentionOptions.Unconfirmed"/> has passed, in small
/// batches (no long lock on a busy table), on every replica (each batch is its own statement, so two replicas
/// only share the work). Nothing counted is ever unconfirmed, so no count moves.
/// </summary>
public sealed class UnconfirmedDataPurge(
    NpgsqlDataSource dataSource, IEnumerable<UnconfirmedRows> targets, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<UnconfirmedDataPurge> logger)
    : BackgroundService
{
    private const int BatchSize = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, clock);
        do
        {
            foreach (var target in targets)
            {
                try
                {
                    var purged = await PurgeAsync(target, stoppingToken);
                    if (purged > 0)
                    {
                        logger.LogInformation("Purged {Count} {What} never confirmed within {Days} days", purged, target.What, options.Value.Unconfirmed.TotalDays);
                    }
                }
                catch (Exception ex) when (TransientFailures.Is(ex) && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogDebug("Purge of {What} skipped: {Reason}", target.What, ex.GetType().Name);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A background loop never stops the host: the next round tries again.
                    logger.LogError(ex, "Purge of {What} failed", target.What);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public async Task<long> PurgeAsync(UnconfirmedRows target, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Unconfirmed;
        long purged = 0;
        int deleted;
        do
        {
            await using var delete = dataSource.CreateCommand(
                $"DELETE FROM {target.Table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {target.Table} WHERE {target.Stale.Replace("@cutoff", "$1", StringComparison.Ordinal)} LIMIT {BatchSize} FOR UPDATE SKIP LOCKED))");
            delete.Parameters.Add(new NpgsqlParameter { Value = cutoff });
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            purged += deleted;
        }
        while (deleted == BatchSize);

        return purged;
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
}
