using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
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

/// <summary>What an admin's erasure found: whether anyone had this address, and whether they counted until now.</summary>
public sealed record Erasure(bool Erased, bool StoppedCounting);

/// <summary>One erasure an admin carried out: who, when, on what request. Nothing about the person erased.</summary>
public sealed record ErasureRecord(long Id, DateTimeOffset ErasedAt, string Admin, string Reference, bool Erased, bool StoppedCounting);

/// <summary>
/// Withdraw and erase through the private manage token, a new manage link by mail, and an admin's erasure by
/// email. A counted supporter leaving publishes <see cref="PledgeWithdrawn"/>.
/// </summary>
public sealed class ManageStore(NpgsqlDataSource dataSource, Outbox outbox, MailOutbox mailOutbox, TimeProvider clock)
{
    /// <summary>
    /// Gives the confirmed or withdrawn supporter with this (normalized) email a new manage token and queues it to them,
    /// at most once per <see cref="SupporterStore.ResendThrottle"/>. A pending pledge is left alone: pledging again
    /// mails its confirmation (and a manage link), and a request from someone else must not keep it from expiring.
    /// Says nothing about whether anyone matched.
    /// </summary>
    public async Task SendManageLinkAsync(string normalizedEmail, Func<string, string, string, MailMessage> manageLinkMail, CancellationToken cancellationToken)
    {
        var token = Tokens.NewSecret();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var rotate = new NpgsqlCommand(
            """
            UPDATE supporters SET manage_token_hash = $2, last_mailed_at = $3
            WHERE email_normalized = $1 AND status <> 'pending' AND (last_mailed_at IS NULL OR last_mailed_at < $4)
            RETURNING email, first_name
            """, connection, tx);
        rotate.Parameters.Add(new NpgsqlParameter { Value = normalizedEmail });
        rotate.Parameters.Add(new NpgsqlParameter { Value = Tokens.Hash(token) });
        rotate.Parameters.Add(new NpgsqlParameter { Value = now });
        rotate.Parameters.Add(new NpgsqlParameter { Value = now - SupporterStore.ResendThrottle });
        string? email = null, firstName = null;
        await using (var reader = await rotate.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (email, firstName) = (reader.GetString(0), reader.GetString(1));
            }
        }

        if (email is not null)
        {
            await MailOutbox.AddAsync(tx, manageLinkMail(email, firstName!, token), cancellationToken);
        }

        await mailOutbox.CommitAsync(tx, cancellationToken);
    }

    /// <summary>An admin erases whoever has this (normalized) email, as <see cref="EraseAsync"/> does, and records it.</summary>
    public async Task<Erasure> EraseByEmailAsync(string email, string normalizedEmail, string admin, string reference, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        LeaveOutcome? outcome;
        await using (var command = EraseCommand("email_normalized", normalizedEmail, connection, tx))
        {
            outcome = await LeaveAsync(command, tx, commit: false, cancellationToken);
        }

        // Nobody pledged with it (or an unconfirmed pledge was already purged): the person may still have answered
        // an event, signed or written elsewhere, and those services are told all the same.
        if (outcome is null)
        {
            await outbox.AddAsync(tx, new SupporterErased(email, normalizedEmail, clock.GetUtcNow()), cancellationToken);
        }

        await using var audit = new NpgsqlCommand(
            "INSERT INTO erasure_audit (admin, reference, erased, stopped_counting) VALUES ($1, $2, $3, $4)", connection, tx);
        audit.Parameters.Add(new NpgsqlParameter { Value = admin });
        audit.Parameters.Add(new NpgsqlParameter { Value = reference });
        audit.Parameters.Add(new NpgsqlParameter { Value = outcome is not null });
        audit.Parameters.Add(new NpgsqlParameter { Value = outcome?.StoppedCounting ?? false });
        await audit.ExecuteNonQueryAsync(cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
        return new Erasure(outcome is not null, outcome?.StoppedCounting ?? false);
    }

    /// <summary>The admins' erasures, newest first.</summary>
    public async Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, erased_at, admin, reference, erased, stopped_counting FROM erasure_audit ORDER BY id DESC LIMIT $1 OFFSET $2");
        command.Parameters.Add(new NpgsqlParameter { Value = pageSize });
        command.Parameters.Add(new NpgsqlParameter { Value = (page - 1) * pageSize });
        var records = new List<ErasureRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ErasureRecord(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        }

        return records;
    }
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
        return await LeaveAsync(command, tx, commit: true, cancellationToken);
    }

    /// <summary>Deletes the supporter's personal data for good; a counted supporter stops counting. Null for an unknown token.</summary>
    public async Task<LeaveOutcome?> EraseAsync(string manageToken, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = EraseCommand("manage_token_hash", Tokens.Hash(manageToken), connection, tx);
        return await LeaveAsync(command, tx, commit: true, cancellationToken);
    }

    /// <summary>
    /// Deletes the supporter found by a unique <paramref name="column"/>, with the mail to them here; the other
    /// services hear <see cref="SupporterErased"/> and delete theirs.
    /// </summary>
    private static NpgsqlCommand EraseCommand(string column, object value, NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var command = new NpgsqlCommand(
            $"""
            DELETE FROM supporters WHERE {column} = $1 RETURNING id, status, referred_by, organization_code, email, email_normalized
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private async Task<LeaveOutcome?> LeaveAsync(NpgsqlCommand command, NpgsqlTransaction tx, bool commit, CancellationToken cancellationToken)
    {
        PledgeWithdrawn? withdrawn = null;
        SupporterErased? erased = null;
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

            // An erasure (it returns the address): whatever the status, other services may hold RSVPs, signatures, stories.
            if (reader.FieldCount > 4)
            {
                erased = new SupporterErased(reader.GetString(4), reader.GetString(5), clock.GetUtcNow());
            }
        }

        if (erased is not null)
        {
            await MailOutbox.ForgetAsync(tx, [erased.Email], cancellationToken);
            await outbox.AddAsync(tx, erased, cancellationToken);
        }

        if (withdrawn is not null)
        {
            await outbox.AddAsync(tx, withdrawn, cancellationToken);
            await TotalShards.MoveAsync(tx, -1, cancellationToken);
        }

        if (commit)
        {
            await outbox.CommitAsync(tx, cancellationToken);
        }

        return new LeaveOutcome(StoppedCounting: withdrawn is not null);
    }
}

/// <param name="StoppedCounting">True when the supporter counted until now, so the public total drops by one.</param>
public sealed record LeaveOutcome(bool StoppedCounting);
