using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Content.Mail;

/// <summary>The mails that verify a story's or a comment's address before anyone reads it.</summary>
public static class VerificationMails
{
    public static MailMessage Story(MailOptions options, string to, string firstName, string token) =>
        new(to, "Confirm your story for work flexibility", $"""
            Hi {firstName},

            Thank you for sharing your story. Confirm your address and it goes to our moderators:

            {options.PublicBaseUrl.TrimEnd('/')}/story?token={token}

            If you did not write to us, ignore this mail and nothing will be published.
            """);

    public static MailMessage Comment(MailOptions options, string to, string displayName, string postTitle, string token) =>
        new(to, "Confirm your comment", $"""
            Hi {displayName},

            Confirm your comment on "{postTitle}":

            {options.PublicBaseUrl.TrimEnd('/')}/comment?token={token}

            If you did not comment, ignore this mail and nothing will be published.
            """);

    public static MailMessage Report(MailOptions options, string to, string postTitle, string token) =>
        new(to, "Confirm your report", $"""
            Hello,

            You reported a comment on "{postTitle}". Confirm it was you, and your report counts toward hiding the
            comment until a moderator decides:

            {options.PublicBaseUrl.TrimEnd('/')}/report?token={token}

            If you did not report anything, ignore this mail and nothing changes.
            """);
}
