namespace FlexPlatform.ServiceDefaults.Mail;

public sealed record MailMessage(string To, string Subject, string Body);

public interface IMailSender
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken);
}
