using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Coalition.Mail;

/// <summary>The link that confirms an application's contact address, before any moderator sees it.</summary>
public static class ApplicationMails
{
    public static MailMessage Confirm(MailOptions options, string to, string contactName, string name, string token)
    {
        var site = options.PublicBaseUrl.TrimEnd('/');
        return new MailMessage(to, $"Confirm {name}'s application to the coalition", $"""
            Hi {contactName},

            Thank you for applying for {name} to join 1 Million for Work Flexibility. Please confirm this address
            so a moderator can review the application (the link works for 48 hours):

            {site}/coalition/apply/confirm?token={token}

            If you did not apply, ignore this mail and the application is deleted in 30 days.
            """);
    }
}
