using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Live;
using FlexPlatform.Engagement.Mail;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>
/// Deletes an erased person's RSVPs (a seat goes to the first person waiting) and signatures (their count drops),
/// and every mail to them, in one transaction, once (inbox). Their referral record holds no personal data and
/// was marked withdrawn by <see cref="PledgeWithdrawn"/>.
/// </summary>
public sealed class SupporterErasedConsumer(
    Inbox inbox, EventStore events, MailOutbox mailOutbox, SignatureBroadcaster live, IOptions<MailOptions> mailOptions) : IConsumer<SupporterErased>
{
    public async Task Consume(ConsumeContext<SupporterErased> context)
    {
        var erased = context.Message;
        IReadOnlyList<Guid> petitions = [];
        await inbox.HandleOnceAsync(context, nameof(SupporterErasedConsumer), async (tx, cancellationToken) =>
        {
            var rsvpEmails = await events.ForgetAttendeeAsync(tx, erased.EmailNormalized,
                (promoted, e) => EngagementMail.Registered(mailOptions.Value, promoted.Email, promoted.FirstName, e, fromWaitlist: true), cancellationToken);
            (petitions, var signatureEmails) = await PetitionStore.ForgetSignerAsync(tx, erased.EmailNormalized, cancellationToken);
            await MailOutbox.ForgetAsync(tx, [erased.Email, .. rsvpEmails, .. signatureEmails], cancellationToken);
        });

        mailOutbox.Notify();
        foreach (var petition in petitions)
        {
            await live.NotifyAsync(petition);
        }
    }
}
