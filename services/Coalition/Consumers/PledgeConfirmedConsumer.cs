using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace FlexPlatform.Coalition.Consumers;

/// <summary>Counts a supporter toward the member whose code they pledged with.</summary>
public sealed class PledgeConfirmedConsumer(Inbox inbox) : IConsumer<PledgeConfirmed>
{
    public Task Consume(ConsumeContext<PledgeConfirmed> context)
    {
        if (context.Message.OrganizationCode is not { } code)
        {
            return Task.CompletedTask;
        }

        return inbox.HandleOnceAsync(context, nameof(PledgeConfirmedConsumer), async (tx, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO member_supporters (supporter_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING", tx.Connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = context.Message.SupporterId });
            command.Parameters.Add(new NpgsqlParameter { Value = code });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }
}
