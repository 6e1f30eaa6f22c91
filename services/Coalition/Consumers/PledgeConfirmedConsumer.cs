using FlexPlatform.Coalition.Data;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Coalition.Consumers;

/// <summary>Counts a supporter toward the member whose code they pledged with.</summary>
public sealed class PledgeConfirmedConsumer(Inbox inbox) : IConsumer<PledgeConfirmed>
{
    public Task Consume(ConsumeContext<PledgeConfirmed> context)
    {
        if (context.Message.OrganizationCode is not { } code)
        {
            return Task.CompletedTask;
        }

        return inbox.HandleOnceAsync(context, nameof(PledgeConfirmedConsumer),
            (tx, _) => SupporterCredits.CreditAsync(tx, context.Message.SupporterId, code));
    }
}
