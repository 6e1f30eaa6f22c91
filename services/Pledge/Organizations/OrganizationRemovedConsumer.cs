using FlexPlatform.Contracts.Coalition;
using MassTransit;

namespace FlexPlatform.Pledge.Organizations;

/// <summary>
/// A removed member's code stops taking pledges at once, not when the remembered answer expires. Every Pledge
/// replica remembers codes, so each has its own temporary queue (deleted with it) and hears every removal.
/// </summary>
public sealed class OrganizationRemovedConsumer(OrganizationDirectory directory) : IConsumer<OrganizationRemoved>
{
    public Task Consume(ConsumeContext<OrganizationRemoved> context)
    {
        directory.ForgetAll();
        return Task.CompletedTask;
    }
}
