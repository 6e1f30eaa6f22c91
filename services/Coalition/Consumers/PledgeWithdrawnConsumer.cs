using FlexPlatform.Coalition.Data;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Coalition.Consumers;

/// <summary>A supporter who withdrew no longer counts toward the member they pledged with, even if their confirmation is still on its way.</summary>
public sealed class PledgeWithdrawnConsumer(Inbox inbox) : IConsumer<PledgeWithdrawn>
{
    public Task Consume(ConsumeContext<PledgeWithdrawn> context)
    {
        if (context.Message.OrganizationCode is not { } code)
        {
            return Task.CompletedTask;
        }

        return inbox.HandleOnceAsync(context, nameof(PledgeWithdrawnConsumer),
            (tx, cancellationToken) => SupporterCredits.WithdrawAsync(tx, context.Message.SupporterId, code, context.Message.WithdrawnAt, cancellationToken));
    }
}
