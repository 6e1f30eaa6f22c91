using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Mail;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Engagement.Events;

/// <summary>
/// Mails registered attendees the day before. Each reminder is claimed in SQL before it is sent, so
/// several replicas never send the same one, and a moved event is reminded for its new time only.
/// </summary>
public sealed class ReminderSender(
    EventStore events, IMailSender mail, IOptions<MailOptions> mailOptions, IOptions<ReminderOptions> options, ILogger<ReminderSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sending reminders failed; will retry");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (await events.ClaimRemindersAsync(options.Value.Ahead, 100, cancellationToken) is { Count: > 0 } due)
        {
            foreach (var group in due.GroupBy(d => d.Slug))
            {
                if (await events.GetAsync(group.Key, cancellationToken) is not { } e)
                {
                    continue;
                }

                foreach (var (attendee, _) in group)
                {
                    await mail.SendAsync(EngagementMail.Reminder(mailOptions.Value, attendee.Email, attendee.FirstName, e), cancellationToken);
                    sent++;
                }
            }
        }

        return sent;
    }
}
