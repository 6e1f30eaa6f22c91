using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Web.Staff;

/// <summary>The one-time link that signs a member of staff in to the console.</summary>
public static class SignInMail
{
    public static MailMessage Compose(MailOptions options, string to, string subject, string token, TimeSpan lifetime)
    {
        var site = options.PublicBaseUrl.TrimEnd('/');
        return new MailMessage(to, subject, $"""
            Hello,

            Open this link to sign in to the staff console of 1 Million for Work Flexibility. It works once, for the
            next {lifetime.TotalMinutes:0} minutes:

            {site}/staff/sign-in/link?token={token}

            If you did not ask to sign in, ignore this mail: nothing happens without the link.
            """);
    }
}
