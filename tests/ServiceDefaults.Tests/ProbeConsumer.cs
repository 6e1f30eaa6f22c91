using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Tests;

public sealed record ProbeHappened(Guid ProbeId);

/// <summary>Records every execution of its work, so tests can count how often it ran.</summary>
public sealed class ProbeConsumer(Inbox inbox) : IConsumer<ProbeHappened>
{
    public Task Consume(ConsumeContext<ProbeHappened> context) =>
        inbox.HandleOnceAsync(context, nameof(ProbeConsumer), async (tx, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand("INSERT INTO probe_runs (message_id, probe_id) VALUES ($1, $2)", tx.Connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = context.MessageId!.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = context.Message.ProbeId });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
}
