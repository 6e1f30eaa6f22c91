using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Data;
using Npgsql;

namespace FlexPlatform.Pledge.Data;

/// <summary>What the holder of a manage token sees: their own pledge, never anyone else's, never the email.</summary>
public sealed record ManagedPledge(
    string Status,
    string FirstName,
    string LastName,
    string Country,
    string? Region,
    string? PostalCode,
    string[] Personas,
    string[] Flexibility,
    string? Why,
    bool ConsentToUpdates,
    bool ListPublicly,
    DateTimeOffset PledgedAt);

/// <summary>Withdraw and erase through the private manage token. A counted supporter leaving publishes <see cref="PledgeWithdrawn"/>.</summary>
public sealed class ManageStore(NpgsqlDataSource dataSource, Outbox outbox, TimeProvider clock)
{
    public async Task<ManagedPledge?> FindAsync(string manageToken, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT status, first_name, last_name, country, region, postal_code, personas, flexibility, why,
                   consent_to_updates, list_publicly, created_at
            FROM supporters WHERE manage_token_hash = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Tokens.Hash(manageToken) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ManagedPledge(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetStringOrNull(4),
            reader.GetStringOrNull(5), reader.GetFieldValue<string[]>(6), reader.GetFieldValue<string[]>(7), reader.GetStringOrNull(8),
            reader.GetBoolean(9), reader.GetBoolean(10), reader.GetFieldValue<DateTimeOffset>(11));
    }

    /// <summary>Stops counting the supporter. Returns null for an unknown token; withdrawing again changes nothing.</summary>
    public async Task<LeaveOutcome?> WithdrawAsync(string manageToken, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            WITH before AS (SELECT id, status FROM supporters WHERE manage_token_hash = $1 FOR UPDATE)
            UPDATE supporters s SET status = 'withdrawn', withdrawn_at = coalesce(s.withdrawn_at, $2)
            FROM before WHERE s.id = before.id
            RETURNING s.id, before.status, s.referred_by, s.organization_code
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = Tokens.Hash(manageToken) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await LeaveAsync(command, tx, cancellationToken);
    }

    /// <summary>Deletes the supporter's personal data for good; a counted supporter stops counting. Null for an unknown token.</summary>
    public async Task<LeaveOutcome?> EraseAsync(string manageToken, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            WITH gone AS (DELETE FROM supporters WHERE manage_token_hash = $1 RETURNING id, status, referred_by, organization_code, email),
                 mail AS (DELETE FROM dev_mail WHERE to_address IN (SELECT email FROM gone)),
                 queued AS (DELETE FROM mail_outbox WHERE to_address IN (SELECT email FROM gone))
            SELECT id, status, referred_by, organization_code FROM gone
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = Tokens.Hash(manageToken) });
        return await LeaveAsync(command, tx, cancellationToken);
    }

    private async Task<LeaveOutcome?> LeaveAsync(NpgsqlCommand command, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        PledgeWithdrawn? withdrawn = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            if (reader.GetString(1) == "confirmed")
            {
                withdrawn = new PledgeWithdrawn(reader.GetGuid(0), reader.GetStringOrNull(2), reader.GetStringOrNull(3), clock.GetUtcNow());
            }
        }

        if (withdrawn is not null)
        {
            await outbox.AddAsync(tx, withdrawn, cancellationToken);
            await TotalShards.MoveAsync(tx, -1, cancellationToken);
        }

        await outbox.CommitAsync(tx, cancellationToken);
        return new LeaveOutcome(StoppedCounting: withdrawn is not null);
    }
}

/// <param name="StoppedCounting">True when the supporter counted until now, so the public total drops by one.</param>
public sealed record LeaveOutcome(bool StoppedCounting);
