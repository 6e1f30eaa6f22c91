using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Milestones;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>Credits the referrer of a newly confirmed supporter and asks for a milestone check.</summary>
public sealed class PledgeConfirmedConsumer(Inbox inbox, MilestoneWatcher milestones) : IConsumer<PledgeConfirmed>
{
    public async Task Consume(ConsumeContext<PledgeConfirmed> context)
    {
        await inbox.HandleOnceAsync(context, nameof(PledgeConfirmedConsumer), (tx, _) => ReferralStore.RecordConfirmedAsync(tx, context.Message));
        milestones.CheckSoon();
    }
}
