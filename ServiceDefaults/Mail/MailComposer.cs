using MimeKit;
using MimeKit.Utils;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// A queued mail as it leaves: the SMTP sender sends this message, and the dev mailbox keeps its headers,
/// so what a local run shows is what a mail server would get.
/// </summary>
public static class MailComposer
{
    /// <exception cref="ParseException">An address no server could take.</exception>
    /// <exception cref="ArgumentException">A header whose name or value cannot be written.</exception>
    public static MimeMessage Compose(string from, MailMessage message, DateTimeOffset now)
    {
        var sender = MailboxAddress.Parse(from);
        var mail = new MimeMessage { Subject = message.Subject, Date = now, MimeVersion = new Version(1, 0) };
        mail.From.Add(sender);
        mail.To.Add(MailboxAddress.Parse(message.To));
        mail.MessageId = MimeUtils.GenerateMessageId(sender.Domain);
        foreach (var (name, value) in message.Headers ?? MailMessage.NoHeaders)
        {
            mail.Headers.Replace(name, value);
        }

        mail.Body = new TextPart("plain") { Text = message.Body };
        return mail;
    }

    /// <summary>The message's own headers by name (the last of a repeated one).</summary>
    public static Dictionary<string, string> HeadersOf(MimeMessage mail)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in mail.Headers)
        {
            headers[header.Field] = header.Value;
        }

        return headers;
    }
}
