namespace FlexPlatform.ServiceDefaults.Mail;

public sealed record MailMessage(string To, string Subject, string Body);

public interface IMailSender
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken);

    /// <summary>Sends a batch from the mail outbox; a sender that can do it in one go overrides this.</summary>
    async Task SendManyAsync(IReadOnlyList<MailMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await SendAsync(message, cancellationToken);
        }
    }
}
