using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Content.Consumers;

/// <summary>Writes a news draft for the editors, once per event (inbox).</summary>
public sealed class PetitionGoalReachedConsumer(Inbox inbox, MarkdownRenderer renderer) : IConsumer<PetitionGoalReached>
{
    public Task Consume(ConsumeContext<PetitionGoalReached> context) =>
        inbox.HandleOnceAsync(context, nameof(PetitionGoalReachedConsumer),
            (tx, cancellationToken) => NewsDrafts.WriteAsync(tx, NewsDrafts.For(context.Message), renderer, cancellationToken));
}
