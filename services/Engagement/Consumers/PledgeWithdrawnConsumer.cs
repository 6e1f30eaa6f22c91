using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Data;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>Marks a supporter withdrawn so referrals stop crediting them, whichever of the two events arrives first.</summary>
public sealed class PledgeWithdrawnConsumer(Inbox inbox) : IConsumer<PledgeWithdrawn>
{
    public Task Consume(ConsumeContext<PledgeWithdrawn> context) =>
        inbox.HandleOnceAsync(context, nameof(PledgeWithdrawnConsumer), (tx, cancellationToken) => ReferralStore.RecordWithdrawnAsync(tx, context.Message, cancellationToken));
}
