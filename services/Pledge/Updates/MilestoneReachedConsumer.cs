using System.Globalization;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;

namespace FlexPlatform.Pledge.Updates;

/// <summary>
/// A milestone drafts an update for staff to review and send, as it drafts the newsroom's post: never sent by
/// itself. Once per milestone, however often the event comes (inbox, and the draft's source is unique).
/// </summary>
public sealed class MilestoneReachedConsumer(Inbox inbox, UpdateStore store) : IConsumer<MilestoneReached>
{
    public const string Author = "FlexPlatform Updates";

    public Task Consume(ConsumeContext<MilestoneReached> context)
    {
        var milestone = context.Message;
        var threshold = milestone.Threshold.ToString("N0", CultureInfo.InvariantCulture);
        var body = $"""
            We did it together: **{threshold} people** now stand for work flexibility.

            Every one of them asked a friend, a colleague or a family member. The next milestone comes faster if you share
            your link below with three people today.

            _Staff: say what this milestone makes possible, then send._
            """;
        return inbox.HandleOnceAsync(context, nameof(MilestoneReachedConsumer), (tx, cancellationToken) =>
            store.CreateDraftAsync(tx, $"milestone-{milestone.Threshold}", $"{threshold} of us for work flexibility", body, Author, cancellationToken));
    }
}
