using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Pledge.Updates;

/// <summary>One recipient of an update: who they are to the mail, nothing more.</summary>
public sealed record Recipient(Guid SupporterId, string Email, string FirstName, string ReferralCode);

/// <summary>
/// An update as one supporter receives it: their first name, their referral link, how to manage the pledge, and
/// unsubscribe links (the footer's, and RFC 8058's one-click headers that mailbox providers show as a button).
/// </summary>
public sealed class UpdateMail(MailOptions mail, UpdatesOptions updates, UnsubscribeTokens tokens)
{
    public const string TestSubjectPrefix = "[Test] ";

    private string Site => mail.PublicBaseUrl.TrimEnd('/');

    private string UnsubscribeMailbox => updates.UnsubscribeMailbox ?? "unsubscribe@" + mail.From[(mail.From.LastIndexOf('@') + 1)..];

    public string UnsubscribeUrl(string token) => $"{Site}/unsubscribe?token={token}";

    public MailMessage Create(string subject, string markdownBody, Recipient to, bool test = false)
    {
        var token = tokens.For(to.SupporterId);
        var unsubscribe = UnsubscribeUrl(token);
        var body = $"""
            Hi {to.FirstName},

            {markdownBody.Trim()}

            --
            Ask your friends to join you: {Site}/join?ref={to.ReferralCode}
            Your pledge (we mail you a private link to change or withdraw it): {Site}/manage
            You get these updates because you asked for them. Stop them in one click: {unsubscribe}
            """;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["List-Unsubscribe"] = $"<mailto:{UnsubscribeMailbox}?subject=unsubscribe%20{token}>, <{unsubscribe}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            ["List-Id"] = $"Updates from 1 Million for Work Flexibility <updates.{mail.From[(mail.From.LastIndexOf('@') + 1)..]}>",
            ["Precedence"] = "bulk",
        };
        return new MailMessage(to.Email, test ? TestSubjectPrefix + subject : subject, body, headers);
    }
}
