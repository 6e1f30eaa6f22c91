using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>Production mail over SMTP.</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options) : IMailSender
{
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient(settings.SmtpHost ?? throw new InvalidOperationException("Mail:SmtpHost is not configured."), settings.SmtpPort)
        {
            EnableSsl = true,
        };
        using var mail = new System.Net.Mail.MailMessage(settings.From, message.To, message.Subject, message.Body);
        await client.SendMailAsync(mail, cancellationToken);
    }
}
