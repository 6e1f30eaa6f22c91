using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace FlexPlatform.ServiceDefaults.Mail;

public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    [Required, EmailAddress]
    public string From { get; set; } = "";

    /// <summary>Where links in mail point: the public site (the gateway locally).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>
    /// Mail lands in the service's own <c>dev_mail</c> table, readable at <c>GET /api/dev/mailbox</c>, instead
    /// of going out. Off unless switched on (the AppHost does for local runs and tests): the mailbox hands out
    /// every confirm and manage link, so no environment name may turn it on.
    /// </summary>
    public bool DevMailbox { get; set; }

    /// <summary>With the dev mailbox on: services whose dev mailboxes <c>GET /api/dev/mailbox</c> merges with this one's.</summary>
    public IList<string> DevMailboxPeers { get; } = [];

    /// <summary>SMTP server; required unless <see cref="DevMailbox"/>.</summary>
    public string SmtpHost { get; set; } = "";

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    public SecureSocketOptions SmtpSecurity { get; set; } = SecureSocketOptions.StartTls;

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a mail is refused for now (4xx); it doubles with each attempt up to <see cref="MaxRetryInterval"/>.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A mail still refused this long after it was queued is set aside, as mail servers bounce after days.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long a claimed batch is someone's: a sender that crashed mid-batch frees it after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!DevMailbox && string.IsNullOrWhiteSpace(SmtpHost))
        {
            yield return new ValidationResult("Mail:SmtpHost is required unless Mail:DevMailbox is true.", [nameof(SmtpHost)]);
        }

        if (RetryInterval <= TimeSpan.Zero || MaxRetryInterval < RetryInterval || Lease <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Mail:RetryInterval and Mail:Lease must be positive, Mail:MaxRetryInterval at least RetryInterval.");
        }
    }
}
