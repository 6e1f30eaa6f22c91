using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.Pledge.Updates;

public sealed class UpdatesOptions
{
    public const string Section = "Updates";

    /// <summary>How many update mails a second go to the mail outbox, across replicas: what the mail provider allows.</summary>
    [Range(1, 100_000)]
    public int MailsPerSecond { get; set; } = 50;

    /// <summary>The mailto half of List-Unsubscribe; by default "unsubscribe@" the sender's domain.</summary>
    [EmailAddress]
    public string? UnsubscribeMailbox { get; set; }
}
