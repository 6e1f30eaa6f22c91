using FlexPlatform.Content.Domain;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Content.Consumers;

/// <summary>Writes a news draft for the editors, once per event (inbox).</summary>
public sealed class LegislationAdvancedConsumer(Inbox inbox, MarkdownRenderer renderer) : IConsumer<LegislationAdvanced>
{
    public Task Consume(ConsumeContext<LegislationAdvanced> context) =>
        inbox.HandleOnceAsync(context, nameof(LegislationAdvancedConsumer),
            (tx, cancellationToken) => NewsDrafts.WriteAsync(tx, NewsDrafts.For(context.Message), renderer, cancellationToken));
}
