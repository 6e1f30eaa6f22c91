using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Milestones;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace FlexPlatform.Engagement.Consumers;

/// <summary>Credits the referrer of a newly confirmed supporter and asks for a milestone check.</summary>
public sealed class PledgeConfirmedConsumer(Inbox inbox, MilestoneWatcher milestones) : IConsumer<PledgeConfirmed>
{
    public async Task Consume(ConsumeContext<PledgeConfirmed> context)
    {
        var message = context.Message;
        await inbox.HandleOnceAsync(context, nameof(PledgeConfirmedConsumer), async (tx, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO confirmed_supporters (supporter_id, referred_by, confirmed_at, referral_code) VALUES ($1, $2, $3, $4)
                ON CONFLICT (supporter_id) DO UPDATE SET referral_code = coalesce(confirmed_supporters.referral_code, excluded.referral_code)
                """,
                tx.Connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = message.SupporterId });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)message.ReferredBy ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = message.ConfirmedAt });
            command.Parameters.Add(new NpgsqlParameter { Value = message.ReferralCode });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
        milestones.CheckSoon();
    }
}
