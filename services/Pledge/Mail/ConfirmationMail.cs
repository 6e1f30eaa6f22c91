using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Pledge.Mail;

/// <summary>The mail that turns a pending pledge into a counted one, and carries the private manage link.</summary>
public static class ConfirmationMail
{
    public const string Subject = "Confirm your pledge for work flexibility";

    public static MailMessage Create(MailOptions options, string to, string firstName, string confirmToken, string manageToken)
    {
        var site = options.PublicBaseUrl.TrimEnd('/');
        var body = $"""
            Hi {firstName},

            Thank you for joining 1 Million for Work Flexibility. Your pledge counts once you confirm it:

            {site}/confirm?token={confirmToken}

            Keep this private link to withdraw your pledge or erase your data at any time:

            {site}/manage?token={manageToken}

            If you did not pledge, ignore this mail and nothing will be counted.
            """;
        return new MailMessage(to, Subject, body);
    }
}
