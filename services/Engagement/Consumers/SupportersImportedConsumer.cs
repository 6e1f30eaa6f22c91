using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Milestones;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>Records a part of a bulk import in one statement: thousands of supporters, one message.</summary>
public sealed class SupportersImportedConsumer(Inbox inbox, MilestoneWatcher milestones) : IConsumer<SupportersImported>
{
    public async Task Consume(ConsumeContext<SupportersImported> context)
    {
        var message = context.Message;
        await inbox.HandleOnceAsync(context, nameof(SupportersImportedConsumer), async (tx, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO confirmed_supporters (supporter_id, confirmed_at) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING",
                tx.Connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = message.SupporterIds.ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = message.ConfirmedAt });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
        milestones.CheckSoon();
    }
}
