using Dapper;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Pledge.Data;

public abstract record SubmitOutcome
{
    /// <summary>A new pending supporter, or a pending one whose mail is re-sent with fresh tokens.</summary>
    public sealed record SendConfirmation(string FirstName, string ConfirmToken, string ManageToken) : SubmitOutcome;

    /// <summary>Already confirmed, or a pending one mailed too recently: nothing to do, nothing revealed.</summary>
    public sealed record NothingToDo : SubmitOutcome;
}

/// <summary>A confirmation on its way to the database: the mailed token, and the trace its event continues.</summary>
public sealed record PendingConfirmation(string Token, string? TraceParent)
{
    /// <summary>The token, with the trace of the operation asking (the current activity's, when it has a W3C id).</summary>
    public static PendingConfirmation For(string token) => new(token, Outbox.CurrentTraceParent());
}

/// <summary>A pledge on its way to the database: what was asked, and how its confirmation mail reads.</summary>
public sealed record PendingPledge(PledgeRequest Request, Guid? OrganizationId, Func<SubmitOutcome.SendConfirmation, MailMessage> ConfirmationMail);

public abstract record ConfirmOutcome
{
    public sealed record Confirmed(Guid SupporterId, string ReferralCode, bool Counted) : ConfirmOutcome;

    public sealed record Expired : ConfirmOutcome;

    public sealed record Unknown : ConfirmOutcome;
}

/// <summary>Pledge's SQL: every state change and the event describing it commit together.</summary>
/// <param name="newReferralCode">Where referral codes come from (random; tests force collisions).</param>
public sealed class SupporterStore(NpgsqlDataSource dataSource, Outbox outbox, MailOutbox mailOutbox, TimeProvider clock, Func<string>? newReferralCode = null)
{
    private const int CodeAttempts = 5;
    private readonly Func<string> _newReferralCode = newReferralCode ?? Tokens.NewReferralCode;

    /// <summary>
    /// Stores the pledge, or renews a pending one's tokens, and queues its confirmation mail in the
    /// same transaction: no pledge without its mail. (The API gathers concurrent pledges with <see cref="PledgeWriter"/>.)
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(
        PledgeRequest request, Guid? organizationId, Func<SubmitOutcome.SendConfirmation, MailMessage> confirmationMail, CancellationToken cancellationToken) =>
        (await SubmitAsync([new PendingPledge(request, organizationId, confirmationMail)], cancellationToken))[0];

    /// <summary>
    /// Stores many pledges in one transaction, one commit: each new email is inserted, a known pending one whose mail
    /// may go again gets fresh tokens (once per email in the batch), and every confirmation mail is queued with them.
    /// The outcomes are in the order of <paramref name="pledges"/>. Two rows drawing a taken referral code draw again.
    /// </summary>
    public async Task<IReadOnlyList<SubmitOutcome>> SubmitAsync(IReadOnlyList<PendingPledge> pledges, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = pledges.Select(p => new NewRow(p, Guid.CreateVersion7(), p.Request.Email!.Trim(), Tokens.NewSecret(), Tokens.NewSecret())).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var inserted = (await InsertAsync(tx, rows, now, cancellationToken)).ToHashSet();
                var outcomes = new SubmitOutcome[rows.Count];
                // Each email's mail goes once: an inserted row's, else the first known row's re-send.
                var mailed = rows.Where(r => inserted.Contains(r.Id)).Select(r => r.Normalized).ToHashSet(StringComparer.Ordinal);
                var resends = new List<NewRow>();
                for (var i = 0; i < rows.Count; i++)
                {
                    var row = rows[i];
                    if (inserted.Contains(row.Id))
                    {
                        outcomes[i] = new SubmitOutcome.SendConfirmation(row.Pledge.Request.FirstName!.Trim(), row.ConfirmToken, row.ManageToken);
                    }
                    else if (mailed.Add(row.Normalized))
                    {
                        resends.Add(row);
                    }
                    else
                    {
                        // The same email twice in one batch: the first one's mail is the only one, as a second request a moment later would find.
                        outcomes[i] = new SubmitOutcome.NothingToDo();
                    }
                }

                var resent = await ResendAsync(tx, resends, now, cancellationToken);
                for (var i = 0; i < rows.Count; i++)
                {
                    // Only the re-send candidates are still open here.
                    outcomes[i] ??= resent.TryGetValue(rows[i].Normalized, out var firstName)
                        ? new SubmitOutcome.SendConfirmation(firstName, rows[i].ConfirmToken, rows[i].ManageToken)
                        : new SubmitOutcome.NothingToDo();
                }

                var mails = rows.Zip(outcomes).Where(r => r.Second is SubmitOutcome.SendConfirmation)
                    .Select(r => r.First.Pledge.ConfirmationMail((SubmitOutcome.SendConfirmation)r.Second)).ToList();
                if (mails.Count > 0)
                {
                    await MailOutbox.AddAsync(tx, mails, tag: null, cancellationToken);
                }

                await mailOutbox.CommitAsync(tx, cancellationToken);
                return outcomes;
            }
            catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "supporters_referral_code_key" } && attempt < CodeAttempts)
            {
                // A row drew a referral code someone has: roll back and draw again (the batch, with new codes).
            }
        }
    }

    private async Task<IEnumerable<Guid>> InsertAsync(NpgsqlTransaction tx, IReadOnlyList<NewRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requests = rows.Select(r => r.Pledge.Request).ToList();
        return await tx.Connection!.QueryAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO supporters (id, email, email_normalized, first_name, last_name, country, region, postal_code,
                personas, flexibility, why, consent_to_updates, list_publicly, referral_code, referred_by,
                organization_code, confirm_token_hash, confirm_expires_at, manage_token_hash, last_mailed_at, organization_id)
            SELECT r.id, r.email, r.normalized, r.first_name, r.last_name, r.country, r.region, r.postal_code,
                coalesce(string_to_array(nullif(r.personas, ''), ','), '{}'), coalesce(string_to_array(nullif(r.flexibility, ''), ','), '{}'),
                r.why, r.consent, r.listed, r.code, r.referred_by, r.organization_code, r.confirm_hash, @confirmExpires, r.manage_hash, @now, r.organization_id
            FROM unnest(@ids, @emails, @normalized, @firstNames, @lastNames, @countries, @regions, @postalCodes, @personas, @flexibility, @whys,
                        @consents, @listed, @codes, @referredBy, @organizationCodes, @confirmHashes, @manageHashes, @organizationIds)
                AS r(id, email, normalized, first_name, last_name, country, region, postal_code, personas, flexibility, why,
                     consent, listed, code, referred_by, organization_code, confirm_hash, manage_hash, organization_id)
            -- Every batch takes its emails in one order: two batches holding the same two cannot deadlock.
            ORDER BY r.normalized
            ON CONFLICT (email_normalized) DO NOTHING
            RETURNING id
            """,
            new
            {
                ids = rows.Select(r => r.Id).ToArray(),
                emails = rows.Select(r => r.Email).ToArray(),
                normalized = rows.Select(r => r.Normalized).ToArray(),
                firstNames = requests.Select(r => r.FirstName!.Trim()).ToArray(),
                lastNames = requests.Select(r => r.LastName!.Trim()).ToArray(),
                countries = requests.Select(r => r.Country).ToArray(),
                regions = requests.Select(r => NullIfBlank(r.Region)).ToArray(),
                postalCodes = requests.Select(r => NullIfBlank(r.PostalCode)).ToArray(),
                // Vocabulary values hold no comma: each row's list travels as one string.
                personas = requests.Select(r => string.Join(',', Distinct(r.Personas))).ToArray(),
                flexibility = requests.Select(r => string.Join(',', Distinct(r.Flexibility))).ToArray(),
                whys = requests.Select(r => NullIfBlank(r.Why)).ToArray(),
                consents = requests.Select(r => r.ConsentToUpdates).ToArray(),
                listed = requests.Select(r => r.ListPublicly).ToArray(),
                codes = rows.Select(_ => _newReferralCode()).ToArray(),
                referredBy = requests.Select(r => r.ReferralCode).ToArray(),
                organizationCodes = requests.Select(r => r.OrganizationCode).ToArray(),
                confirmHashes = rows.Select(r => Tokens.Hash(r.ConfirmToken)).ToArray(),
                manageHashes = rows.Select(r => Tokens.Hash(r.ManageToken)).ToArray(),
                organizationIds = rows.Select(r => r.Pledge.OrganizationId).ToArray(),
                confirmExpires = now + ConfirmationLinks.Lifetime,
                now,
            }, tx, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Known emails: only a pending pledge gets its mail again, with new tokens (the old ones are unrecoverable
    /// hashes), and not more often than the throttle allows. Returns the first names of those re-sent, by email.
    /// </summary>
    private static async Task<Dictionary<string, string>> ResendAsync(NpgsqlTransaction tx, IReadOnlyList<NewRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var normalized = rows.Select(r => r.Normalized).ToArray();
        await LockInIdOrderAsync(tx, "email_normalized = ANY(@keys) AND status = 'pending'", normalized, cancellationToken);
        var resent = await tx.Connection!.QueryAsync<(string Normalized, string FirstName)>(new CommandDefinition(
            """
            UPDATE supporters s SET confirm_token_hash = r.confirm_hash, manage_token_hash = r.manage_hash, confirm_expires_at = @confirmExpires, last_mailed_at = @now
            FROM unnest(@normalized, @confirmHashes, @manageHashes) AS r(normalized, confirm_hash, manage_hash)
            WHERE s.email_normalized = r.normalized AND s.status = 'pending' AND s.last_mailed_at < @throttle
            RETURNING s.email_normalized, s.first_name
            """,
            new
            {
                normalized,
                confirmHashes = rows.Select(r => Tokens.Hash(r.ConfirmToken)).ToArray(),
                manageHashes = rows.Select(r => Tokens.Hash(r.ManageToken)).ToArray(),
                confirmExpires = now + ConfirmationLinks.Lifetime,
                now,
                throttle = now - ConfirmationLinks.ResendThrottle,
            }, tx, cancellationToken: cancellationToken));
        return resent.ToDictionary(r => r.Normalized, r => r.FirstName, StringComparer.Ordinal);
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string token, CancellationToken cancellationToken) =>
        (await ConfirmAsync([PendingConfirmation.For(token)], cancellationToken))[0];

    /// <summary>
    /// Confirms many tokens in one transaction: each pending pledge whose token is given (and not expired) counts once,
    /// with its <see cref="PledgeConfirmed"/> continuing its request's trace, and the total's shard moves once for all.
    /// The outcomes are in the order given; a token given twice counts once.
    /// </summary>
    public async Task<IReadOnlyList<ConfirmOutcome>> ConfirmAsync(IReadOnlyList<PendingConfirmation> confirmations, CancellationToken cancellationToken)
    {
        var hashes = confirmations.Select(c => Tokens.Hash(c.Token)).ToArray();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The rows are locked in id order by the subquery, so two batches in flight that share rows wait for each other
        // instead of deadlocking; a row another batch confirmed meanwhile is re-read as confirmed and left out.
        var confirmed = (await connection.QueryAsync<ConfirmedRow>(new CommandDefinition(
            """
            UPDATE supporters s SET status = 'confirmed', confirmed_at = @now
            FROM (SELECT id FROM supporters WHERE confirm_token_hash = ANY(@hashes) AND status = 'pending' AND confirm_expires_at > @now
                  ORDER BY id FOR UPDATE) locked
            WHERE s.id = locked.id
            RETURNING s.confirm_token_hash AS Hash, s.id, s.referral_code AS ReferralCode, s.referred_by AS ReferredBy, s.organization_code AS OrganizationCode
            """, new { hashes, now }, tx, cancellationToken: cancellationToken))).ToDictionary(r => Convert.ToHexString(r.Hash!));

        var outcomes = new ConfirmOutcome[confirmations.Count];
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<(PledgeConfirmed, string?)>(confirmed.Count);
        for (var i = 0; i < confirmations.Count; i++)
        {
            var key = Convert.ToHexString(hashes[i]);
            if (confirmed.TryGetValue(key, out var row) && counted.Add(key))
            {
                events.Add((new PledgeConfirmed(row.Id, row.ReferralCode, row.ReferredBy, row.OrganizationCode, now), confirmations[i].TraceParent));
                outcomes[i] = new ConfirmOutcome.Confirmed(row.Id, row.ReferralCode, Counted: true);
            }
        }

        await outbox.AddAllAsync(tx, events, cancellationToken);
        await TotalShards.MoveAsync(tx, counted.Count, cancellationToken);
        var others = Enumerable.Range(0, confirmations.Count).Where(i => outcomes[i] is null).ToList();
        if (others.Count > 0)
        {
            // Confirmed before (or twice in this batch), expired, or unknown: read as it now stands.
            var existing = (await connection.QueryAsync<ConfirmedRow>(new CommandDefinition(
                "SELECT confirm_token_hash AS Hash, id, referral_code AS ReferralCode, status FROM supporters WHERE confirm_token_hash = ANY(@hashes)",
                new { hashes = others.Select(i => hashes[i]).ToArray() }, tx, cancellationToken: cancellationToken))).ToDictionary(r => Convert.ToHexString(r.Hash!));
            foreach (var i in others)
            {
                outcomes[i] = existing.GetValueOrDefault(Convert.ToHexString(hashes[i])) switch
                {
                    { Status: "confirmed" } found => new ConfirmOutcome.Confirmed(found.Id, found.ReferralCode, Counted: false),
                    { Status: "pending" } => new ConfirmOutcome.Expired(),
                    _ => new ConfirmOutcome.Unknown(),
                };
            }
        }

        await outbox.CommitAsync(tx, cancellationToken);
        return outcomes;
    }

    /// <summary>The source of truth for the public total, with the snapshot it was read in.</summary>
    public Task<CommittedTotal> CountConfirmedAsync(CancellationToken cancellationToken) => TotalShards.ReadAsync(dataSource, cancellationToken);

    /// <summary>
    /// Locks the rows a batch is about to update in id order, so two batches in flight that share rows wait for each
    /// other instead of deadlocking (an UPDATE's join takes its rows in whatever order its plan reads them).
    /// </summary>
    private static async Task LockInIdOrderAsync<TKey>(NpgsqlTransaction tx, string where, TKey[] keys, CancellationToken cancellationToken) =>
        await tx.Connection!.ExecuteAsync(new CommandDefinition(
            $"SELECT id FROM supporters WHERE {where} ORDER BY id FOR UPDATE", new { keys }, tx, cancellationToken: cancellationToken));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] Distinct(string[]? values) => values?.Distinct(StringComparer.Ordinal).ToArray() ?? [];

    /// <summary>One pledge of a batch with what this attempt made for it.</summary>
    private sealed record NewRow(PendingPledge Pledge, Guid Id, string Email, string ConfirmToken, string ManageToken)
    {
        public string Normalized { get; } = EmailAddress.Normalize(Email);
    }

    private sealed class ConfirmedRow
    {
        public byte[]? Hash { get; init; }
        public Guid Id { get; init; }
        public string ReferralCode { get; init; } = "";
        public string? ReferredBy { get; init; }
        public string? OrganizationCode { get; init; }
        public string? Status { get; init; }
    }
}
