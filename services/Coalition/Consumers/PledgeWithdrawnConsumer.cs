using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace FlexPlatform.Coalition.Consumers;

/// <summary>A supporter who withdrew no longer counts toward the member they pledged with.</summary>
public sealed class PledgeWithdrawnConsumer(Inbox inbox) : IConsumer<PledgeWithdrawn>
{
    public Task Consume(ConsumeContext<PledgeWithdrawn> context)
    {
        if (context.Message.OrganizationCode is null)
        {
            return Task.CompletedTask;
        }

        return inbox.HandleOnceAsync(context, nameof(PledgeWithdrawnConsumer), async (tx, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM member_supporters WHERE supporter_id = $1", tx.Connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = context.Message.SupporterId });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }
}
