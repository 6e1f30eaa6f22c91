using Microsoft.Extensions.Options;

namespace FlexPlatform.Pledge.Updates;

/// <summary>
/// Starts updates when their time comes and feeds their mails to the mail outbox at <c>Updates:MailsPerSecond</c>,
/// a little at a time, so the outbox never holds a million mails and a confirmation queued meanwhile waits for
/// at most one batch. All of its state is in the database: any replica carries on after another one crashed.
/// </summary>
public sealed class UpdateSender(UpdateStore store, UpdateMail mail, IOptionsMonitor<UpdatesOptions> options, ILogger<UpdateSender> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private readonly OutageLog _outage = new(logger, "The update sender's database");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var busy = await RunOnceAsync(stoppingToken);
                _outage.Succeeded();
                await Task.Delay(busy ? Tick : Idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (TransientFailures.Is(ex))
            {
                _outage.Failed(ex);
                await Task.Delay(Idle, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sending updates failed; trying again");
                await Task.Delay(Idle, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Starts what is due and feeds one batch; true while an update is sending.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await store.StartDueAsync(cancellationToken) is { } started)
        {
            logger.LogInformation("Update {UpdateId} started for {Total} recipients", started.Id, started.Total);
        }

        var rate = options.CurrentValue.MailsPerSecond;
        var fed = await store.FeedAsync(rate, max: Math.Min(rate, 5_000), backlog: Math.Max(200, 2 * rate),
            (draft, recipient) => mail.Create(draft.Subject, draft.Body, recipient), cancellationToken);
        return fed is not null;
    }
}
