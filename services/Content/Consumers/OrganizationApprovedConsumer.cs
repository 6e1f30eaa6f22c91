using FlexPlatform.Content.Domain;
using FlexPlatform.Contracts.Coalition;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Content.Consumers;

/// <summary>Writes a news draft for the editors, once per event (inbox).</summary>
public sealed class OrganizationApprovedConsumer(Inbox inbox, MarkdownRenderer renderer) : IConsumer<OrganizationApproved>
{
    public Task Consume(ConsumeContext<OrganizationApproved> context) =>
        inbox.HandleOnceAsync(context, nameof(OrganizationApprovedConsumer),
            (tx, cancellationToken) => NewsDrafts.WriteAsync(tx, NewsDrafts.For(context.Message), renderer, cancellationToken));
}
