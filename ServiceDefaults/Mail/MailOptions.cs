using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.ServiceDefaults.Mail;

public sealed class MailOptions
{
    public const string Section = "Mail";

    [Required, EmailAddress]
    public string From { get; set; } = "";

    /// <summary>Where links in mail point: the public site (the gateway locally).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>SMTP server, used in Production only.</summary>
    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary>Outside Production: services whose dev mailboxes <c>GET /api/dev/mailbox</c> merges with this one's.</summary>
    public IList<string> DevMailboxPeers { get; } = [];
}
