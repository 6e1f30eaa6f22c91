using System.Collections.Concurrent;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Tests;

public sealed record ProbeHappened(Guid ProbeId);

/// <summary>How a probe's consumer misbehaves, set by a test before it publishes the probe.</summary>
public static class ProbeFaults
{
    /// <summary>Probes whose work throws a bug-like (non-transient) exception until removed.</summary>
    public static readonly ConcurrentDictionary<Guid, bool> Broken = new();

    /// <summary>Probes whose work finds its dependency away (a transient failure) until the given time.</summary>
    public static readonly ConcurrentDictionary<Guid, DateTime> AwayUntil = new();

    /// <summary>How many times each probe's work was attempted.</summary>
    public static readonly ConcurrentDictionary<Guid, int> Attempts = new();

    /// <summary>For a broken probe handled in a batch: how many messages the batch that failed held, all of which fault with it.</summary>
    public static readonly ConcurrentDictionary<Guid, int> FailedBatchSizes = new();
}

/// <summary>Records every execution of its work, so tests can count how often it ran.</summary>
public sealed class ProbeConsumer(Inbox inbox) : IConsumer<ProbeHappened>
{
    public Task Consume(ConsumeContext<ProbeHappened> context)
    {
        var probe = context.Message.ProbeId;
        ProbeFaults.Attempts.AddOrUpdate(probe, 1, (_, n) => n + 1);
        if (ProbeFaults.Broken.ContainsKey(probe))
        {
            throw new InvalidOperationException("The probe's work has a bug.");
        }

        if (ProbeFaults.AwayUntil.TryGetValue(probe, out var until) && DateTime.UtcNow < until)
        {
            throw new TimeoutException("The probe's database is away.");
        }

        return inbox.HandleOnceAsync(context, nameof(ProbeConsumer), async (tx, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand("INSERT INTO probe_runs (message_id, probe_id) VALUES ($1, $2)", tx.Connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = context.MessageId!.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = probe });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }
}

public sealed record BatchProbeHappened(Guid ProbeId);

/// <summary>The same probe consumed in batches, one transaction per batch.</summary>
public sealed class BatchProbeConsumer(Inbox inbox) : IConsumer<Batch<BatchProbeHappened>>
{
    public Task Consume(ConsumeContext<Batch<BatchProbeHappened>> context) =>
        inbox.HandleBatchOnceAsync(context.Message.ToList(), nameof(BatchProbeConsumer), async (tx, messages, cancellationToken) =>
        {
            foreach (var message in messages)
            {
                if (ProbeFaults.Broken.ContainsKey(message.ProbeId))
                {
                    ProbeFaults.FailedBatchSizes[message.ProbeId] = context.Message.Length;
                }

                ProbeFaults.Attempts.AddOrUpdate(message.ProbeId, 1, (_, n) => n + 1);
                await using var command = new NpgsqlCommand("INSERT INTO probe_runs (message_id, probe_id) VALUES (gen_random_uuid(), $1)", tx.Connection, tx);
                command.Parameters.Add(new NpgsqlParameter { Value = message.ProbeId });
                await command.ExecuteNonQueryAsync(cancellationToken);
                if (ProbeFaults.Broken.ContainsKey(message.ProbeId))
                {
                    throw new InvalidOperationException("The probe's work has a bug.");
                }
            }
        }, context.CancellationToken);
}
