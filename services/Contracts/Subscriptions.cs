using FlexPlatform.Contracts.Coalition;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Contracts.Pledge;

namespace FlexPlatform.Contracts;

/// <summary>
/// Who hears which event: every durable queue of the platform with the events bound to it. Every service
/// declares all of them before it publishes anything, so an event published on a first deploy, before its
/// consumer has ever run, waits in that consumer's queue. A queue is named as MassTransit names the endpoint:
/// "{Messaging:QueuePrefix}-{consumer in kebab case, without "Consumer"}"; <c>ContractTests</c> checks this list
/// against the consumers in each service.
/// </summary>
public static class Subscriptions
{
    public static IReadOnlyDictionary<string, IReadOnlyList<Type>> Durable { get; } = new Dictionary<string, IReadOnlyList<Type>>(StringComparer.Ordinal)
    {
        ["engagement-pledge-confirmed"] = [typeof(PledgeConfirmed)],
        ["engagement-pledge-withdrawn"] = [typeof(PledgeWithdrawn)],
        ["engagement-supporters-imported"] = [typeof(SupportersImported)],
        ["engagement-supporter-erased"] = [typeof(SupporterErased)],
        ["coalition-pledge-confirmed"] = [typeof(PledgeConfirmed)],
        ["coalition-pledge-withdrawn"] = [typeof(PledgeWithdrawn)],
        ["content-milestone-reached"] = [typeof(MilestoneReached)],
        ["content-organization-approved"] = [typeof(OrganizationApproved)],
        ["content-legislation-advanced"] = [typeof(LegislationAdvanced)],
        ["content-petition-goal-reached"] = [typeof(PetitionGoalReached)],
        ["content-supporter-erased"] = [typeof(SupporterErased)],
        ["pledge-milestone-reached"] = [typeof(MilestoneReached)],
        ["pledge-petition-opened"] = [typeof(PetitionOpened)],
    };

    /// <summary>Heard by each running replica on a temporary queue of its own: a replica that is not running has nothing to forget.</summary>
    public static IReadOnlyList<Type> PerReplica { get; } = [typeof(OrganizationRemoved)];
}
