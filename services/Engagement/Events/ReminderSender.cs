using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Mail;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Engagement.Events;

/// <summary>
/// Mails registered attendees the day before. Each reminder is claimed and its mail queued in one
/// transaction (sent by the MailDispatcher), so several replicas never queue the same one, a crash loses
/// none, and a moved event is reminded for its new time only.
/// </summary>
public sealed class ReminderSender(
    EventStore events, IOptions<MailOptions> mailOptions, IOptions<ReminderOptions> options, ILogger<ReminderSender> logger) : BackgroundService
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
        var queued = 0;
        while (await events.QueueDueRemindersAsync(options.Value.Ahead, 100, Reminder, cancellationToken) is var batch and > 0)
        {
            queued += batch;
        }

        return queued;
    }

    private MailMessage Reminder(Attendee attendee, EventRow e) => EngagementMail.Reminder(mailOptions.Value, attendee.Email, attendee.FirstName, e);
}
