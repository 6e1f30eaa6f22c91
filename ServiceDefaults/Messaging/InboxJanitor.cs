using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>Deletes inbox rows older than the retention, in small batches so it never holds long locks.</summary>
public sealed class InboxJanitor(NpgsqlDataSource dataSource, IOptions<MessagingOptions> options, TimeProvider clock, ILogger<InboxJanitor> logger) : BackgroundService
{
    private const int BatchSize = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InboxCleanupInterval, clock);
        try
        {
            do
            {
                try
                {
                    await CleanAsync(stoppingToken);
                }
                catch (Exception ex) when (TransientFailures.Is(ex))
                {
                    logger.LogDebug("Inbox cleanup skipped: {Reason}", ex.GetType().Name);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A background loop never stops the host: the next tick tries again.
                    logger.LogError(ex, "Inbox cleanup failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Removes every handled row past the retention; returns how many.</summary>
    public async Task<long> CleanAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.InboxRetention;
        long removed = 0;
        int batch;
        do
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM inbox_messages WHERE ctid = ANY(ARRAY(SELECT ctid FROM inbox_messages WHERE handled_at < $1 LIMIT $2))");
            command.Parameters.Add(new NpgsqlParameter { Value = cutoff });
            command.Parameters.Add(new NpgsqlParameter { Value = BatchSize });
            batch = await command.ExecuteNonQueryAsync(cancellationToken);
            removed += batch;
        }
        while (batch == BatchSize);

        if (removed > 0)
        {
            logger.LogInformation("Inbox cleanup removed {Count} handled message ids older than {Cutoff:u}", removed, cutoff);
        }

        return removed;
    }
}
