using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Pledge.Mail;

/// <summary>A new private manage link, for a supporter who asked for one (an imported supporter never had one).</summary>
public static class ManageLinkMail
{
    public const string Subject = "Your link to manage your pledge";

    public static MailMessage Create(MailOptions options, string to, string firstName, string manageToken)
    {
        var site = options.PublicBaseUrl.TrimEnd('/');
        var body = $"""
            Hi {firstName},

            Someone, hopefully you, asked for a link to manage your pledge for work flexibility. With this private
            link you can see your pledge, withdraw it, or erase your data:

            {site}/manage?token={manageToken}

            Any link we sent you before no longer works. If you did not ask, ignore this mail: nothing changes.
            """;
        return new MailMessage(to, Subject, body);
    }
}
