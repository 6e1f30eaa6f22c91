using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Milestones;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>Records a part of a bulk import in one statement: thousands of supporters, one message.</summary>
public sealed class SupportersImportedConsumer(Inbox inbox, MilestoneWatcher milestones) : IConsumer<SupportersImported>
{
    public async Task Consume(ConsumeContext<SupportersImported> context)
    {
        await inbox.HandleOnceAsync(context, nameof(SupportersImportedConsumer), (tx, cancellationToken) => ReferralStore.RecordImportedAsync(tx, context.Message, cancellationToken));
        milestones.CheckSoon();
    }
}
