using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>
/// Marks a supporter withdrawn so referrals stop crediting them. Arriving before its PledgeConfirmed
/// (possible after a redelivery) still leaves the supporter withdrawn: the row is created that way.
/// </summary>
public sealed class PledgeWithdrawnConsumer(Inbox inbox) : IConsumer<PledgeWithdrawn>
{
    public Task Consume(ConsumeContext<PledgeWithdrawn> context)
    {
        var message = context.Message;
        return inbox.HandleOnceAsync(context, nameof(PledgeWithdrawnConsumer), async (tx, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO confirmed_supporters (supporter_id, referred_by, confirmed_at, withdrawn_at) VALUES ($1, $2, $3, $3)
                ON CONFLICT (supporter_id) DO UPDATE SET withdrawn_at = coalesce(confirmed_supporters.withdrawn_at, excluded.withdrawn_at)
                """, tx.Connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = message.SupporterId });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)message.ReferredBy ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = message.WithdrawnAt });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }
}
