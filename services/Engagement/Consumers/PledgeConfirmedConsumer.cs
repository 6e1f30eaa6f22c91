using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Milestones;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>
/// Credits the referrers of newly confirmed supporters and asks for a milestone check. Confirmations
/// come in batches (<see cref="MessagingExtensions.Batched"/>): one commit for many keeps up with a burst.
/// </summary>
public sealed class PledgeConfirmedConsumer(Inbox inbox, MilestoneWatcher milestones) : IConsumer<Batch<PledgeConfirmed>>
{
    public async Task Consume(ConsumeContext<Batch<PledgeConfirmed>> context)
    {
        await inbox.HandleBatchOnceAsync(context.Message.ToList(), nameof(PledgeConfirmedConsumer),
            ReferralStore.RecordConfirmedAsync, context.CancellationToken);
        milestones.CheckSoon();
    }
}
