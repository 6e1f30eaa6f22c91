using Dapper;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Updates;
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
    DateTimeOffset PledgedAt,
    string ReferralCode);

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
    /// at most once per <see cref="ConfirmationLinks.ResendThrottle"/>. A pending pledge is left alone: pledging again
    /// mails its confirmation (and a manage link), and a request from someone else must not keep it from expiring.
    /// Says nothing about whether anyone matched.
    /// </summary>
    public async Task SendManageLinkAsync(string normalizedEmail, Func<string, string, string, MailMessage> manageLinkMail, CancellationToken cancellationToken)
    {
        var token = Tokens.NewSecret();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var rotated = (await connection.QueryAsync<(string Email, string FirstName)>(new CommandDefinition(
            """
            UPDATE supporters SET manage_token_hash = @hash, last_mailed_at = @now
            WHERE email_normalized = @normalizedEmail AND status <> 'pending' AND (last_mailed_at IS NULL OR last_mailed_at < @throttle)
            RETURNING email, first_name
            """,
            new { normalizedEmail, hash = Tokens.Hash(token), now, throttle = now - ConfirmationLinks.ResendThrottle }, tx, cancellationToken: cancellationToken))).AsList();
        if (rotated is [var (email, firstName)])
        {
            await MailOutbox.AddAsync(tx, manageLinkMail(email, firstName, token), cancellationToken);
        }

        await mailOutbox.CommitAsync(tx, cancellationToken);
    }

    /// <summary>
    /// An admin, answering a supporter who lost their mail: a pending pledge gets a new confirmation link (and manage
    /// link), valid for <see cref="ConfirmationLinks.Lifetime"/> from now; anyone else a new manage link. Never
    /// throttled (the throttle keeps strangers from mailing someone; an admin is answering them), and it says what it
    /// sent: "confirmation", "manage-link", or null when nobody pledged with this address. Earlier links stop working.
    /// </summary>
    public async Task<string?> SendLinkForStaffAsync(
        string normalizedEmail, Func<string, string, string, string, MailMessage> confirmationMail, Func<string, string, string, MailMessage> manageLinkMail,
        CancellationToken cancellationToken)
    {
        var (confirmToken, manageToken) = (Tokens.NewSecret(), Tokens.NewSecret());
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<(string Email, string FirstName, string Status)?>(new CommandDefinition(
            """
            UPDATE supporters SET manage_token_hash = @manageHash, last_mailed_at = @now,
                confirm_token_hash = CASE WHEN status = 'pending' THEN @confirmHash ELSE confirm_token_hash END,
                confirm_expires_at = CASE WHEN status = 'pending' THEN @confirmExpires ELSE confirm_expires_at END
            WHERE email_normalized = @normalizedEmail
            RETURNING email, first_name, status
            """,
            new
            {
                normalizedEmail, manageHash = Tokens.Hash(manageToken), confirmHash = Tokens.Hash(confirmToken),
                confirmExpires = now + ConfirmationLinks.Lifetime, now,
            }, tx, cancellationToken: cancellationToken));
        if (found is not var (email, firstName, status))
        {
            return null;
        }

        var pending = status == "pending";
        await MailOutbox.AddAsync(tx, pending ? confirmationMail(email, firstName, confirmToken, manageToken) : manageLinkMail(email, firstName, manageToken), cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return pending ? "confirmation" : "manage-link";
    }

    /// <summary>An admin erases whoever has this (normalized) email, as <see cref="EraseAsync"/> does, and records it.</summary>
    public async Task<Erasure> EraseByEmailAsync(string email, string normalizedEmail, string admin, string reference, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await UpdateStore.LockSendingAsync(tx, cancellationToken);
        var outcome = await LeaveAsync(tx, await DeleteAsync(tx, "email_normalized", normalizedEmail, cancellationToken), commit: false, cancellationToken);

        // Nobody pledged with it (or an unconfirmed pledge was already purged): the person may still have answered
        // an event, signed or written elsewhere, and those services are told all the same.
        if (outcome is null)
        {
            await outbox.AddAsync(tx, new SupporterErased(email, normalizedEmail, clock.GetUtcNow()), cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO erasure_audit (admin, reference, erased, stopped_counting) VALUES (@admin, @reference, @erased, @stoppedCounting)",
            new { admin, reference, erased = outcome is not null, stoppedCounting = outcome?.StoppedCounting ?? false }, tx, cancellationToken: cancellationToken));
        await outbox.CommitAsync(tx, cancellationToken);
        return new Erasure(outcome is not null, outcome?.StoppedCounting ?? false);
    }

    /// <summary>The admins' erasures, newest first.</summary>
    public async Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var records = await connection.QueryAsync<ErasureRecord>(new CommandDefinition(
            """
            SELECT id, erased_at AS ErasedAt, admin, reference, erased, stopped_counting AS StoppedCounting
            FROM erasure_audit ORDER BY id DESC LIMIT @pageSize OFFSET @offset
            """, new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken));
        return records.AsList();
    }

    private const string ManagedColumns = """
        status, first_name AS FirstName, last_name AS LastName, country, region, postal_code AS PostalCode, personas, flexibility, why,
        consent_to_updates AS ConsentToUpdates, list_publicly AS ListPublicly, created_at AS PledgedAt, referral_code AS ReferralCode
        """;

    public async Task<ManagedPledge?> FindAsync(string manageToken, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ManagedPledge>(new CommandDefinition(
            $"SELECT {ManagedColumns} FROM supporters WHERE manage_token_hash = @hash",
            new { hash = Tokens.Hash(manageToken) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Sets the supporter's consent to updates, and when and how they changed it; the same answer again changes nothing,
    /// and a withdrawn supporter's consent only ever goes off. Stopping takes back update mail queued for them. Null for
    /// an unknown token.
    /// </summary>
    public async Task<ManagedPledge?> SetConsentAsync(string manageToken, bool consentToUpdates, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await UpdateStore.LockSendingAsync(tx, cancellationToken);
        // The holder sees the pledge; the address, which they never see, is for taking back queued update mail.
        var (pledge, email) = (await connection.QueryAsync<ManagedPledge, string, (ManagedPledge?, string)>(new CommandDefinition(
            $"""
            UPDATE supporters SET consent_to_updates = (@consent AND status <> 'withdrawn'),
                consent_changed_at = CASE WHEN consent_to_updates = (@consent AND status <> 'withdrawn') THEN consent_changed_at ELSE @now END,
                consent_changed_via = CASE WHEN consent_to_updates = (@consent AND status <> 'withdrawn') THEN consent_changed_via ELSE 'manage-link' END
            WHERE manage_token_hash = @hash
            RETURNING {ManagedColumns}, email
            """, new { hash = Tokens.Hash(manageToken), consent = consentToUpdates, now = clock.GetUtcNow() }, tx, cancellationToken: cancellationToken),
            (managed, address) => (managed, address), splitOn: "email")).SingleOrDefault();
        if (pledge is { ConsentToUpdates: false })
        {
            await UpdateStore.TakeBackAsync(tx, email, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return pledge;
    }

    /// <summary>Stops counting the supporter. Returns null for an unknown token; withdrawing again changes nothing.</summary>
    public async Task<LeaveOutcome?> WithdrawAsync(string manageToken, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await UpdateStore.LockSendingAsync(tx, cancellationToken);
        var left = await connection.QuerySingleOrDefaultAsync<LeftRow>(new CommandDefinition(
            """
            WITH before AS (SELECT id, status, email FROM supporters WHERE manage_token_hash = @hash FOR UPDATE)
            UPDATE supporters s SET status = 'withdrawn', withdrawn_at = coalesce(s.withdrawn_at, @now)
            FROM before WHERE s.id = before.id
            RETURNING s.id, before.status AS StatusBefore, s.referred_by AS ReferredBy, s.organization_code AS OrganizationCode, before.email AS UpdatesTo
            """, new { hash = Tokens.Hash(manageToken), now = clock.GetUtcNow() }, tx, cancellationToken: cancellationToken));
        return await LeaveAsync(tx, left, commit: true, cancellationToken);
    }

    /// <summary>Deletes the supporter's personal data for good; a counted supporter stops counting. Null for an unknown token.</summary>
    public async Task<LeaveOutcome?> EraseAsync(string manageToken, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await UpdateStore.LockSendingAsync(tx, cancellationToken);
        return await LeaveAsync(tx, await DeleteAsync(tx, "manage_token_hash", Tokens.Hash(manageToken), cancellationToken), commit: true, cancellationToken);
    }

    /// <summary>
    /// Deletes the supporter found by a unique <paramref name="column"/>, with the mail to them here; the other
    /// services hear <see cref="SupporterErased"/> and delete theirs.
    /// </summary>
    private static Task<LeftRow?> DeleteAsync(NpgsqlTransaction tx, string column, object value, CancellationToken cancellationToken) =>
        tx.Connection!.QuerySingleOrDefaultAsync<LeftRow>(new CommandDefinition(
            $"""
            DELETE FROM supporters WHERE {column} = @value
            RETURNING id, status AS StatusBefore, referred_by AS ReferredBy, organization_code AS OrganizationCode, email, email_normalized AS EmailNormalized
            """, new { value }, tx, cancellationToken: cancellationToken));

    private async Task<LeaveOutcome?> LeaveAsync(NpgsqlTransaction tx, LeftRow? left, bool commit, CancellationToken cancellationToken)
    {
        if (left is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        // Whoever leaves gets no more updates, not even one queued a moment ago (counted as withdrawn from it).
        if ((left.Email ?? left.UpdatesTo) is { } address)
        {
            await UpdateStore.TakeBackAsync(tx, address, cancellationToken);
        }

        // An erasure (it returns the address): whatever the status, other services may hold RSVPs, signatures, stories.
        if (left.Email is not null)
        {
            await MailOutbox.ForgetAsync(tx, [left.Email], cancellationToken);
            await outbox.AddAsync(tx, new SupporterErased(left.Email, left.EmailNormalized!, now), cancellationToken);
        }

        var stoppedCounting = left.StatusBefore == "confirmed";
        if (stoppedCounting)
        {
            await outbox.AddAsync(tx, new PledgeWithdrawn(left.Id, left.ReferredBy, left.OrganizationCode, now), cancellationToken);
            await TotalShards.MoveAsync(tx, -1, cancellationToken);
        }

        if (commit)
        {
            await outbox.CommitAsync(tx, cancellationToken);
        }

        return new LeaveOutcome(stoppedCounting);
    }

    /// <summary>A supporter who left: their status before, and for an erasure the address they pledged with.</summary>
    private sealed class LeftRow
    {
        public Guid Id { get; init; }
        public string StatusBefore { get; init; } = "";
        public string? ReferredBy { get; init; }
        public string? OrganizationCode { get; init; }
        public string? Email { get; init; }
        public string? EmailNormalized { get; init; }

        /// <summary>A withdrawal's address, for taking back its update mail (an erasure's is <see cref="Email"/>).</summary>
        public string? UpdatesTo { get; init; }
    }
}

/// <param name="StoppedCounting">True when the supporter counted until now, so the public total drops by one.</param>
public sealed record LeaveOutcome(bool StoppedCounting);
