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

    /// <summary>
    /// Queues that hear an event only with one of these routing keys (<see cref="RoutingKey"/>). Coalition credits the
    /// member whose code a supporter pledged with, and nothing else: most confirmations carry no code. "" is the key of
    /// a release that set none, heard so that a rolling deploy drops nothing.
    /// </summary>
    public static IReadOnlyDictionary<(string Queue, Type Event), IReadOnlyList<string>> Filtered { get; } =
        new Dictionary<(string Queue, Type Event), IReadOnlyList<string>>
        {
            [("coalition-pledge-confirmed", typeof(PledgeConfirmed))] = ["", WithOrganization],
        };

    public const string WithOrganization = "organization";

    /// <summary>The routing key an event is published with; "" for none.</summary>
    public static string RoutingKey(object message) => message switch
    {
        PledgeConfirmed { OrganizationCode: not null } => WithOrganization,
        PledgeConfirmed => "no-organization",
        _ => "",
    };

    /// <summary>Heard by each running replica on a temporary queue of its own: a replica that is not running has nothing to forget.</summary>
    public static IReadOnlyList<Type> PerReplica { get; } = [typeof(OrganizationRemoved)];
}
