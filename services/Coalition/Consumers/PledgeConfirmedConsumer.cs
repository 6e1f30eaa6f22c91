using FlexPlatform.Coalition.Data;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Coalition.Consumers;

/// <summary>
/// Counts supporters toward the members whose codes they pledged with, a batch of confirmations
/// per commit (<see cref="MessagingExtensions.Batched"/>).
/// </summary>
public sealed class PledgeConfirmedConsumer(Inbox inbox) : IConsumer<Batch<PledgeConfirmed>>
{
    public Task Consume(ConsumeContext<Batch<PledgeConfirmed>> context) =>
        inbox.HandleBatchOnceAsync(context.Message.Where(m => m.Message.OrganizationCode is not null).ToList(), nameof(PledgeConfirmedConsumer),
            (tx, messages, cancellationToken) => SupporterCredits.CreditAsync(tx, messages.Select(m => (m.SupporterId, m.OrganizationCode!)).ToList(), cancellationToken),
            context.CancellationToken);
}
