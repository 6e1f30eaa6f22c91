using FlexPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// Sends queued mail: claims a batch (SKIP LOCKED, so replicas share the work), hands it to the sender with
/// no transaction open, and settles each mail by its own fate. One refused mail never holds up the others;
/// a mail server that is away leaves every mail in place. A crash between send and settle sends that batch
/// again after its lease: mail is sent at least once.
/// </summary>
public sealed class MailDispatcher(MailQueue queue, IMailSender sender, MailOutbox outbox, MailTelemetry telemetry, ILogger<MailDispatcher> logger) : BackgroundService
{
    public const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly OutageLog _outage = new(logger, "The mail sender's database or mail server");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (claimed, serverAway) = await SendBatchAsync(stoppingToken);
                if (serverAway is not null)
                {
                    _outage.Failed(new IOException(serverAway));
                    await Task.Delay(RetryDelay, stoppingToken);
                    continue;
                }

                _outage.Succeeded();
                await telemetry.RefreshAsync(queue, stoppingToken);
                if (claimed < BatchSize)
                {
                    await outbox.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (TransientFailures.Is(ex))
            {
                _outage.Failed(ex);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sending queued mail failed; the batch comes back after its lease");
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Sends one batch; returns how many mails were claimed, and why the server was away if it was.</summary>
    public async Task<(int Claimed, string? ServerAway)> SendBatchAsync(CancellationToken cancellationToken)
    {
        var batch = await queue.ClaimAsync(BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            return (0, null);
        }

        var outcomes = await sender.SendAsync(batch.Select(m => m.Message).ToList(), cancellationToken);
        // Settle even while stopping: what the server accepted must not be sent again.
        using var settling = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await queue.SettleAsync(batch, outcomes, settling.Token);
        telemetry.Record(outcomes);
        foreach (var (mail, outcome) in batch.Zip(outcomes).Where(m => m.Second.Fate is MailFate.Failed))
        {
            logger.LogWarning("Mail {Seq} set aside for an admin: {Reason}", mail.Seq, outcome.Reason);
        }

        return (batch.Count, outcomes.FirstOrDefault(o => o.Fate is MailFate.NotTried)?.Reason);
    }
}
