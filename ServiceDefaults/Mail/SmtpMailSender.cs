using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// Mail over SMTP with MailKit: one connection per batch, each mail's fate read from the server's answer.
/// Internationalized addresses go out with SMTPUTF8; a server without it refuses them for good.
/// </summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, TimeProvider clock) : IMailSender
{
    private static readonly FormatOptions International = CreateFormat();

    public async Task<IReadOnlyList<MailOutcome>> SendAsync(IReadOnlyList<MailMessage> messages, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var outcomes = new MailOutcome[messages.Count];
        using var client = new SmtpClient { Timeout = (int)settings.SmtpTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, settings.SmtpSecurity, cancellationToken);
            if (!string.IsNullOrEmpty(settings.SmtpUserName))
            {
                await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", cancellationToken);
            }
        }
        catch (Exception ex) when (IsServerAway(ex))
        {
            Array.Fill(outcomes, MailOutcome.NotTried($"mail server unavailable: {ex.Message}"));
            return outcomes;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                await client.SendAsync(International, MailComposer.Compose(settings.From, messages[i], clock.GetUtcNow()), cancellationToken);
                outcomes[i] = MailOutcome.Sent;
            }
            catch (SmtpCommandException ex) when (ex.ErrorCode != SmtpErrorCode.SenderNotAccepted)
            {
                var answer = $"{(int)ex.StatusCode} {ex.Message}";
                outcomes[i] = (int)ex.StatusCode < 500 ? MailOutcome.Retry(answer)
                    : ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? MailOutcome.Bounced(answer)
                    : MailOutcome.Failed(answer);
            }
            catch (Exception ex) when (ex is ParseException or ArgumentException or NotSupportedException)
            {
                outcomes[i] = MailOutcome.Failed($"not deliverable: {ex.Message}");
            }
            catch (Exception ex) when (IsServerAway(ex) || ex is SmtpCommandException)
            {
                // The connection broke, or the server refuses our sender address (a setting to fix): every
                // mail from here keeps its place; the ones before it were accepted and are not sent again.
                Array.Fill(outcomes, MailOutcome.NotTried($"mail server unavailable: {ex.Message}"), i, messages.Count - i);
                return outcomes;
            }
        }

        await client.DisconnectAsync(quit: true, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return outcomes;
    }

    private static bool IsServerAway(Exception ex) =>
        ex is SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
            or AuthenticationException or SslHandshakeException or OperationCanceledException { CancellationToken.IsCancellationRequested: false };

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.International = true;
        return format;
    }
}
