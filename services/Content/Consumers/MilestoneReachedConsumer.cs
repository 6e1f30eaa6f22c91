using FlexPlatform.Content.Domain;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Content.Consumers;

/// <summary>Writes a news draft for the editors, once per event (inbox).</summary>
public sealed class MilestoneReachedConsumer(Inbox inbox, MarkdownRenderer renderer) : IConsumer<MilestoneReached>
{
    public Task Consume(ConsumeContext<MilestoneReached> context) =>
        inbox.HandleOnceAsync(context, nameof(MilestoneReachedConsumer),
            (tx, cancellationToken) => NewsDrafts.WriteAsync(tx, NewsDrafts.For(context.Message), renderer, cancellationToken));
}
