using Dapper;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

public sealed record MilestoneRow(long Threshold, DateTimeOffset ReachedAt);

/// <summary>Milestones: each threshold's row and its <see cref="MilestoneReached"/> commit together, once.</summary>
public sealed class MilestoneStore(NpgsqlDataSource dataSource, Outbox outbox)
{
    public async Task<IReadOnlyList<MilestoneRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<MilestoneRow>(new CommandDefinition(
            "SELECT threshold, reached_at AS ReachedAt FROM milestones ORDER BY threshold", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Records the thresholds not recorded yet; returns those this call announced.</summary>
    public async Task<IReadOnlyList<long>> RecordAsync(IEnumerable<long> thresholds, long total, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var announced = new List<long>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var threshold in thresholds)
        {
            if (await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO milestones (threshold, reached_at, total_seen) VALUES (@threshold, @now, @total) ON CONFLICT DO NOTHING",
                new { threshold, now, total }, tx, cancellationToken: cancellationToken)) == 1)
            {
                await outbox.AddAsync(tx, new MilestoneReached(threshold, total, now), cancellationToken);
                announced.Add(threshold);
            }
        }

        await outbox.CommitAsync(tx, cancellationToken);
        return announced;
    }
}
