using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Coalition.Mail;

/// <summary>What the applicant's contact hears after moderation, either way.</summary>
public static class DecisionMails
{
    public static MailMessage Approved(MailOptions options, string to, string contactName, string name, string slug, string code)
    {
        var site = options.PublicBaseUrl.TrimEnd('/');
        return new MailMessage(to, $"{name} is now a member of the coalition", $"""
            Hi {contactName},

            {name} is now a member of 1 Million for Work Flexibility: {site}/coalition/{slug}

            Your organization's code is {code}

            Share it with your people: when they take the pledge at {site}/join?org={code} (or type the
            code into the "organization code" field), they count toward {name} on your member page.
            """);
    }

    public static MailMessage Rejected(string to, string contactName, string name, string reason) =>
        new(to, $"Your application for {name}", $"""
            Hi {contactName},

            Thank you for applying to join 1 Million for Work Flexibility. We could not accept {name}'s application:

            {reason}

            You are welcome to apply again once this is addressed.
            """);
}
