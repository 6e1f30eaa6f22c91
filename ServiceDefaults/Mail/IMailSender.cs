namespace FlexPlatform.ServiceDefaults.Mail;

/// <param name="Headers">Headers of this mail beyond From, To, Subject, Date and Message-ID (List-Unsubscribe, say).</param>
public sealed record MailMessage(string To, string Subject, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();
}

/// <summary>What became of one mail handed to an <see cref="IMailSender"/>.</summary>
/// <param name="RecipientRefused">The server refused the recipient for good (not the message): bulk mail leaves that address out from then on.</param>
public sealed record MailOutcome(MailFate Fate, string? Reason = null, bool RecipientRefused = false)
{
    public static readonly MailOutcome Sent = new(MailFate.Sent);

    public static MailOutcome Retry(string reason) => new(MailFate.Retry, reason);

    public static MailOutcome Failed(string reason) => new(MailFate.Failed, reason);

    public static MailOutcome Bounced(string reason) => new(MailFate.Failed, reason, RecipientRefused: true);

    public static MailOutcome NotTried(string reason) => new(MailFate.NotTried, reason);
}

public enum MailFate
{
    /// <summary>The server took it: never send it again.</summary>
    Sent,

    /// <summary>Refused for now (a 4xx, greylisting): try this mail again later, with backoff.</summary>
    Retry,

    /// <summary>Refused for good (a 5xx, an address no server can take): set aside for an admin.</summary>
    Failed,

    /// <summary>The server was away before this mail was tried: it keeps its place and its attempts.</summary>
    NotTried,
}

/// <summary>
/// Sends a batch from the mail outbox and tells, mail by mail, what became of it. Only
/// <see cref="MailDispatcher"/> calls it: everything else queues mail with <see cref="MailOutbox"/>.
/// </summary>
public interface IMailSender
{
    Task<IReadOnlyList<MailOutcome>> SendAsync(IReadOnlyList<MailMessage> messages, CancellationToken cancellationToken);
}
