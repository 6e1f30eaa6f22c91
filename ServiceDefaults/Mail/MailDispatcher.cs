using FlexPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// Sends queued mail: a batch is locked (SKIP LOCKED, so replicas share the work), sent, and deleted
/// in the same transaction only after it was sent. A crash or mail-server outage leaves the rows for
/// the next attempt, so mail is sent at least once (a batch that failed part-way may repeat a mail).
/// </summary>
public sealed class MailDispatcher(NpgsqlDataSource dataSource, IMailSender sender, MailOutbox outbox, ILogger<MailDispatcher> logger) : BackgroundService
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
                var sent = await SendBatchAsync(stoppingToken);
                _outage.Succeeded();
                if (sent < BatchSize)
                {
                    await outbox.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (TransientFailures.Is(ex) || ex is System.Net.Mail.SmtpException or IOException)
            {
                _outage.Failed(ex);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sending queued mail failed; the batch stays and is retried");
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Sends one batch; returns how many mails left the queue.</summary>
    public async Task<int> SendBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var seqs = new List<long>();
        var mails = new List<MailMessage>();
        await using (var select = new NpgsqlCommand(
            "SELECT seq, to_address, subject, body FROM mail_outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED", connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                seqs.Add(reader.GetInt64(0));
                mails.Add(new MailMessage(reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        if (mails.Count == 0)
        {
            return 0;
        }

        await sender.SendManyAsync(mails, cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM mail_outbox WHERE seq = ANY($1)", connection, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = seqs.ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return mails.Count;
    }
}
